using System.Net;
using System.Text;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>No answer shows where the server keeps its files: a failed load names the folder by its last segment only.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class ServerPathTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task A_failed_load_names_the_model_folder_without_its_absolute_path()
    {
        var missing = Path.Combine(workspace.Root, $"no-such-model-{Guid.NewGuid():N}");
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options($"paths-{Guid.NewGuid():N}") with { ModelDirectory = missing, LazyLoad = true });

        using var speech = await server.Client.PostAsync(
            new Uri("/v1/audio/speech", UriKind.Relative),
            new StringContent("""{"model":"tts-1","input":"Hi.","response_format":"pcm","max_new_tokens":5}""", Encoding.UTF8, "application/json"));
        using var healthResponse = await server.Client.GetAsync(new Uri("/health", UriKind.Relative));
        var health = await healthResponse.Content.ReadAsStringAsync();
        var status = await server.Client.GetStringAsync(new Uri("/v1/status", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, speech.StatusCode);
        var message = (await ErrorEnvelope.ReadAsync(speech)).Message();
        foreach (var answer in new[] { message, health, status })
        {
            Assert.Contains(Path.GetFileName(missing), answer, StringComparison.Ordinal);
            Assert.DoesNotContain(workspace.Root, answer, StringComparison.Ordinal);
        }
    }
}
