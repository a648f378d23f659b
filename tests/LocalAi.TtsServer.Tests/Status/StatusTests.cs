using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests.Status;

/// <summary><c>/v1/status</c> and <c>/v1/status/events</c> on a real server over the forged tiny model.</summary>
[Collection(ServerCollection.Name)]
public sealed class StatusTests(ServerWorkspace workspace)
{
    private const string Key = "status-key-0123456789";

    [Fact]
    public async Task Status_describes_the_model_and_lists_a_finished_request_with_its_numbers()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("status-json") with { MaxQueueLength = 3 });
        await server.WaitUntilHealthyAsync();
        var before = await StatusAsync(server.Client);
        Assert.Equal(JsonValueKind.Array, before.GetProperty("recent").ValueKind);
        Assert.Equal(0, before.GetProperty("recent").GetArrayLength());

        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        string spokenBy;
        using (var speech = await server.Client.PostAsync(new { model = "tts-1", input = "Hello there, status.", voice = "alloy", response_format = "wav", max_new_tokens = 10 }))
        {
            Assert.Equal(HttpStatusCode.OK, speech.StatusCode);
            spokenBy = speech.Headers.GetValues("X-Voice").Single();
        }

        var status = await StatusAsync(server.Client);
        Assert.Equal("chatterbox-turbo", status.GetProperty("model").GetString());
        Assert.Equal("chatterbox-turbo@local/q4", status.GetProperty("model_version").GetString());
        Assert.Equal("cpu", status.GetProperty("device").GetString());
        Assert.Equal("q4", status.GetProperty("dtype").GetString());
        Assert.Equal("healthy", status.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("detail").ValueKind);
        Assert.Equal(0, status.GetProperty("queue_depth").GetInt32());
        Assert.Equal(0, status.GetProperty("running").GetInt32());
        Assert.Equal(1, status.GetProperty("max_concurrent").GetInt32());
        Assert.Equal(3, status.GetProperty("max_queue").GetInt32());
        Assert.False(status.GetProperty("api_keys_required").GetBoolean());

        var recent = Assert.Single(status.GetProperty("recent").EnumerateArray());
        Assert.StartsWith("req_", recent.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.InRange(recent.GetProperty("finished_at").GetDouble(), sentAt - 1, sentAt + 60);
        Assert.Equal(spokenBy, recent.GetProperty("voice").GetString());
        Assert.Equal("Hello there, status.".Length, recent.GetProperty("characters").GetInt32());
        Assert.Equal("wav", recent.GetProperty("response_format").GetString());
        Assert.Equal("audio", recent.GetProperty("stream_format").GetString());
        Assert.Equal("completed", recent.GetProperty("outcome").GetString());
        var generation = recent.GetProperty("generation_time").GetDouble();
        var audio = recent.GetProperty("audio_duration").GetDouble();
        Assert.True(generation > 0, $"generation_time {generation}");
        Assert.True(audio > 0, $"audio_duration {audio}");
        Assert.InRange(recent.GetProperty("time_to_first_audio").GetDouble(), 0.0001, 60);
        // The listed times are rounded to milliseconds; the factor is computed before rounding.
        Assert.Equal(generation / audio, recent.GetProperty("real_time_factor").GetDouble(), tolerance: 0.002 + (0.01 * generation / audio));
    }

    [Fact]
    public async Task Events_follow_a_lazy_load_and_a_request_from_idle_to_a_recent_entry()
    {
        var loader = new GatedLoader(workspace.ModelDirectory);
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("status-events") with { LazyLoad = true }, new TtsServerHooks { LoadSynthesizer = loader.Loader });
        await using var events = await EventStream.OpenAsync(server.Client, "/v1/status/events");
        Assert.Equal("text/event-stream", events.Response.Content.Headers.ContentType?.MediaType);

        var first = await events.NextAsync();
        Assert.NotNull(first);
        Assert.Equal("status", first.Value.Name);
        Assert.Equal("idle", first.Value.Data.GetProperty("state").GetString());

        var speech = server.Client.PostAsync(new { model = "tts-1", input = "Stream me.", voice = "alloy", response_format = "pcm", stream_format = "sse", max_new_tokens = 8 });
        var loading = await events.UntilAsync(status => status.GetProperty("state").GetString() == "loading");
        Assert.StartsWith("Loading the model", loading.GetProperty("detail").GetString(), StringComparison.Ordinal);
        loader.Open();
        using (var response = await speech)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var finished = await events.UntilAsync(status => status.GetProperty("recent").GetArrayLength() == 1);
        Assert.Equal("healthy", finished.GetProperty("state").GetString());
        var recent = finished.GetProperty("recent")[0];
        Assert.Equal("completed", recent.GetProperty("outcome").GetString());
        Assert.Equal("sse", recent.GetProperty("stream_format").GetString());
        Assert.Equal("pcm", recent.GetProperty("response_format").GetString());
    }

    [Fact]
    public async Task Keys_are_required_and_the_query_key_works_on_the_events_route_only()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("status-keys") with { ApiKeys = [Key] });

        using var missing = await server.Client.GetAsync(new Uri("/v1/status", UriKind.Relative));
        using var queryOnStatus = await server.Client.GetAsync(new Uri($"/v1/status?api_key={Key}", UriKind.Relative));
        using var queryOnModels = await server.Client.GetAsync(new Uri($"/v1/models?api_key={Key}", UriKind.Relative));
        await using var eventsWithoutKey = await EventStream.OpenAsync(server.Client, "/v1/status/events");
        await using var eventsWrongKey = await EventStream.OpenAsync(server.Client, "/v1/status/events?api_key=wrong-key-0000");
        await using var eventsQueryKey = await EventStream.OpenAsync(server.Client, $"/v1/status/events?api_key={Key}");
        await using var eventsBearer = await EventStream.OpenAsync(server.Client, "/v1/status/events", bearer: Key);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/status", UriKind.Relative));
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        using var withKey = await server.Client.SendAsync(bearer);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, queryOnStatus.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, queryOnModels.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, eventsWithoutKey.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, eventsWrongKey.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, eventsQueryKey.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, eventsBearer.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        var status = JsonDocument.Parse(await withKey.Content.ReadAsStringAsync()).RootElement;
        Assert.True(status.GetProperty("api_keys_required").GetBoolean());
        Assert.DoesNotContain(Key, status.GetRawText(), StringComparison.Ordinal);
        var first = await eventsQueryKey.NextAsync();
        Assert.True(first?.Data.GetProperty("api_keys_required").GetBoolean());
    }

    [Fact]
    public async Task A_server_with_an_open_events_stream_stops_promptly_and_ends_the_stream()
    {
        var server = await InProcessTtsServer.StartAsync(workspace.Options("status-stop") with { LazyLoad = true });
        await using var events = await EventStream.OpenAsync(server.Client, "/v1/status/events");
        Assert.NotNull(await events.NextAsync());

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Null(await events.NextAsync());
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/v1/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
