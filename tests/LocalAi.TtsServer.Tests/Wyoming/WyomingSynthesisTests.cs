using System.Text.Json.Nodes;
using LocalAi.Testing;
using LocalAi.Text;
using LocalAi.TtsServer.Tests.Support;
using static LocalAi.TtsServer.Tests.Support.MetricsText;

namespace LocalAi.TtsServer.Tests.Wyoming;

/// <summary>The tts-server's Wyoming front end, driven by a client written from the protocol's description.</summary>
[Collection(ServerCollection.Name)]
public sealed class WyomingSynthesisTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task Describe_lists_one_streaming_tts_program_with_every_voice()
    {
        await using var server = await StartAsync("describe");
        await server.Client.CreateVoiceAsync(workspace.Root, "Grandma", aliases: "nova");
        await using var client = await WyomingTestClient.ConnectAsync(server.WyomingPort);

        await client.SendAsync("describe");
        var info = await client.ReceiveAsync();

        Assert.Equal("info", info?.Type);
        var program = Assert.Single(info!.Data["tts"]!.AsArray())!.AsObject();
        Assert.Equal("local-ai speech", program["name"]!.GetValue<string>());
        Assert.True(program["installed"]!.GetValue<bool>());
        Assert.True(program["supports_synthesize_streaming"]!.GetValue<bool>());
        Assert.False(string.IsNullOrEmpty(program["attribution"]!["name"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(program["version"]!.GetValue<string>()));
        var voices = program["voices"]!.AsArray().Select(v => v!.AsObject()).ToDictionary(v => v["name"]!.GetValue<string>());
        Assert.Contains("nova", voices["Grandma"]["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["en"], voices["Grandma"]["languages"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.True(voices.ContainsKey("alloy"), "the OpenAI names that select the default voice are listed");
        Assert.False(voices.ContainsKey("nova"), "an OpenAI name that is a library voice's alias is that voice, listed under its name");
        Assert.All(voices.Values, voice => Assert.NotNull(voice["attribution"]));
    }

    [Fact]
    public async Task Synthesize_answers_audio_start_chunks_and_stop_in_the_stated_format()
    {
        await using var server = await StartAsync("one-shot");
        await using var client = await WyomingTestClient.ConnectAsync(server.WyomingPort);

        await client.SynthesizeAsync("Hello from Home Assistant. This is the second sentence.");
        var events = await client.ReceiveUntilAsync("audio-stop");

        Assert.Equal("audio-start", events[0].Type);
        Assert.Equal("audio-stop", events[^1].Type);
        var chunks = events.Where(e => e.Type == "audio-chunk").ToList();
        Assert.Equal(events.Count - 2, chunks.Count);
        Assert.NotEmpty(chunks);
        foreach (var audio in events.Take(events.Count - 1))
        {
            Assert.Equal(24000, audio.Data["rate"]!.GetValue<int>());
            Assert.Equal(2, audio.Data["width"]!.GetValue<int>());
            Assert.Equal(1, audio.Data["channels"]!.GetValue<int>());
        }

        Assert.All(chunks, chunk => Assert.True(chunk.Payload.Length > 0 && chunk.Payload.Length % 2 == 0, "whole 16-bit samples"));
        var metrics = await WaitForAsync(server, m => Sample(m, "localai_tts_generations_total", "outcome=\"completed\"") == 2);
        Assert.Equal(2, Sample(metrics, "localai_tts_generations_total", "outcome=\"completed\""));
    }

    [Fact]
    public async Task Streaming_speaks_each_sentence_before_the_stop_and_never_twice()
    {
        await using var server = await StartAsync("streaming");
        await using var client = await WyomingTestClient.ConnectAsync(server.WyomingPort);

        await client.SendAsync("synthesize-start", new JsonObject { ["voice"] = new JsonObject { ["name"] = "alloy" } });
        foreach (var piece in new[] { "Good mor", "ning, ever", "yone. The wea", "ther is" })
        {
            await client.SendAsync("synthesize-chunk", new JsonObject { ["text"] = piece });
        }

        // The first sentence is complete: its audio comes while the stream is still open.
        var first = await client.ReceiveUntilAsync("audio-stop");
        Assert.Equal(["audio-start", "audio-chunk"], first.Take(2).Select(e => e.Type));
        Assert.Equal("audio-stop", first[^1].Type);

        await client.SendAsync("synthesize-chunk", new JsonObject { ["text"] = " fine today." });
        await client.SynthesizeAsync("Good morning, everyone. The weather is fine today.", "alloy"); // for older servers: ignored
        await client.SendAsync("synthesize-stop");
        var rest = await client.ReceiveUntilAsync("synthesize-stopped");

        Assert.Equal("synthesize-stopped", rest[^1].Type);
        Assert.Equal(1, rest.Count(e => e.Type == "audio-start"));
        Assert.Equal(1, rest.Count(e => e.Type == "audio-stop"));
        Assert.DoesNotContain(rest, e => e.Type == "error");
        var metrics = await WaitForAsync(server, m => Sample(m, "localai_tts_generations_total", "outcome=\"completed\"") >= 2);
        Assert.Equal(2, Sample(metrics, "localai_tts_generations_total", "outcome=\"completed\""));
    }

    [Fact]
    public async Task An_unknown_voice_falls_back_to_the_default_voice()
    {
        await using var server = await StartAsync("unknown-voice");
        await using var client = await WyomingTestClient.ConnectAsync(server.WyomingPort);

        await client.SynthesizeAsync("Who am I?", "nobody-by-this-name");
        var events = await client.ReceiveUntilAsync("audio-stop");

        Assert.Equal("audio-stop", events[^1].Type);
        Assert.Contains(events, e => e.Type == "audio-chunk");
        var metrics = await WaitForAsync(server, m => Sample(m, "localai_tts_voice_requests_total", "voice=\"default\"") == 1);
        Assert.Equal(1, Sample(metrics, "localai_tts_voice_requests_total", "voice=\"default\""));
    }

    [Fact]
    public async Task Failures_answer_an_error_and_the_connection_stays_usable()
    {
        await using var server = await StartAsync("errors", options => options with { DefaultVoice = null });
        await using var client = await WyomingTestClient.ConnectAsync(server.WyomingPort);

        await client.SynthesizeAsync("No voice to speak with.", "nobody-by-this-name");
        var failed = await client.ReceiveUntilAsync("audio-stop");
        await client.SendAsync("synthesize-chunk", new JsonObject { ["text"] = "No stream was started." });
        var outside = await client.ReceiveAsync();
        await client.SendAsync("describe");
        var info = await client.ReceiveAsync();

        var error = failed[^1];
        Assert.Equal("error", error.Type);
        Assert.Contains("default voice", error.Text("text"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.Text("code")));
        Assert.Equal("error", outside?.Type);
        Assert.Equal("no-stream", outside?.Text("code"));
        Assert.Equal("info", info?.Type);
    }

    [Fact]
    public async Task Wyoming_speaks_when_the_HTTP_API_requires_a_key()
    {
        await using var server = await StartAsync("keys", options => options with { ApiKeys = ["a-client-key-123"] });
        await using var client = await WyomingTestClient.ConnectAsync(server.WyomingPort);

        await client.SynthesizeAsync("No key on this side.");
        var events = await client.ReceiveUntilAsync("audio-stop");
        using var keyless = await server.Client.GetAsync(new Uri("/v1/audio/voices", UriKind.Relative));

        Assert.Equal("audio-stop", events[^1].Type);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, keyless.StatusCode);
    }

    [Fact]
    public async Task Several_clients_are_served_at_once()
    {
        await using var server = await StartAsync("several");
        var clients = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => WyomingTestClient.ConnectAsync(server.WyomingPort)));
        try
        {
            var answers = await Task.WhenAll(clients.Select(async (client, i) =>
            {
                await client.SynthesizeAsync($"Client number {i} speaks.");
                return await client.ReceiveUntilAsync("audio-stop");
            }));

            Assert.All(answers, events =>
            {
                Assert.Equal("audio-stop", events[^1].Type);
                Assert.Contains(events, e => e.Type == "audio-chunk");
            });
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_client_that_leaves_mid_synthesis_stops_its_generation()
    {
        await using var server = await StartAsync("leave", options => options with { MaxChunkCharacters = 20 });
        var text = string.Join(" ", Enumerable.Range(1, 120).Select(i => $"word{i} and"));

        await using (var client = await WyomingTestClient.ConnectAsync(server.WyomingPort))
        {
            await client.SynthesizeAsync(text);
            Assert.Equal("audio-start", (await client.ReceiveAsync())?.Type);
            Assert.Equal("audio-chunk", (await client.ReceiveAsync())?.Type);
        }

        // The text needs several speech requests (one per chunk of at most TextChunker.DefaultMaxChars); the one in
        // flight when the client left may still finish on a fast machine (the server can be ahead of the client,
        // its audio waiting in socket buffers), or be cancelled, but no later one may start.
        Assert.True(text.Length > 2 * TextChunker.DefaultMaxChars);
        var metrics = await WaitForAsync(server, m => Generations(m) >= 1 && Sample(m, "localai_tts_generations_running") == 0);
        Assert.Equal(1, Generations(metrics));

        // A session that kept speaking would have queued its next request by the time another client's short
        // synthesis is through the same server: exactly one more generation, the other client's, may have run.
        await using (var other = await WyomingTestClient.ConnectAsync(server.WyomingPort))
        {
            await other.SynthesizeAsync("Short.");
            await other.ReceiveUntilAsync("audio-stop");
        }

        metrics = await WaitForAsync(server, m => Generations(m) >= 2 && Sample(m, "localai_tts_generations_running") == 0);
        Assert.Equal(2, Generations(metrics));
        Assert.Equal(0, Sample(metrics, "localai_tts_generations_running"));

        static double Generations(string m) =>
            Sample(m, "localai_tts_generations_total", "outcome=\"cancelled\"") + Sample(m, "localai_tts_generations_total", "outcome=\"completed\"");
    }

    private async Task<InProcessTtsServer> StartAsync(string name, Func<Configuration.TtsServerOptions, Configuration.TtsServerOptions>? adjust = null)
    {
        var options = workspace.Options(name) with { WyomingPort = 0 };
        var server = await InProcessTtsServer.StartAsync(adjust?.Invoke(options) ?? options);
        await server.WaitUntilHealthyAsync();
        return server;
    }
}
