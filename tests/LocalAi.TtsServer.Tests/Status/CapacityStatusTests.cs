using System.Net;
using System.Text.Json;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests.Status;

/// <summary>
/// A server that is not told <c>--max-concurrent</c> or <c>--batch</c> reports in <c>/v1/status</c> what it chose for its
/// device and dtype, and that it chose it; lazy servers, so the answer comes from the configuration alone.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CapacityStatusTests(ServerWorkspace workspace)
{
    [Theory]
    [InlineData("fp32", 4, true)]
    [InlineData("q4", 1, false)]
    public async Task A_cpu_server_without_the_flags_reports_the_capacity_chosen_for_its_dtype(string dtype, int concurrency, bool batched)
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options($"capacity-{dtype}") with { DType = dtype, LazyLoad = true });

        var status = await StatusAsync(server.Client);

        Assert.Equal("idle", status.GetProperty("state").GetString());
        Assert.Equal(concurrency, status.GetProperty("max_concurrent").GetInt32());
        Assert.Equal(batched, status.GetProperty("batch_decoding").GetBoolean());
        Assert.True(status.GetProperty("max_concurrent_automatic").GetBoolean());
        Assert.True(status.GetProperty("batch_decoding_automatic").GetBoolean());
        Assert.Contains(dtype, status.GetProperty("capacity_reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_values_are_reported_as_configured()
    {
        await using var server = await InProcessTtsServer.StartAsync(
            workspace.Options("capacity-configured") with { DType = "fp32", LazyLoad = true, MaxConcurrentGenerations = 2, BatchDecoding = false });

        var status = await StatusAsync(server.Client);

        Assert.Equal(2, status.GetProperty("max_concurrent").GetInt32());
        Assert.False(status.GetProperty("batch_decoding").GetBoolean());
        Assert.False(status.GetProperty("max_concurrent_automatic").GetBoolean());
        Assert.False(status.GetProperty("batch_decoding_automatic").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("capacity_reason").ValueKind);
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/v1/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
