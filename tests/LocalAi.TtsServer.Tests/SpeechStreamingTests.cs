using System.ClientModel;
using System.Net;
using System.Text.Json;
using LocalAi.Audio;
using LocalAi.TtsServer.Tests.Support;
using OpenAI;
using OpenAI.Audio;

namespace LocalAi.TtsServer.Tests;

[Collection(ServerCollection.Name)]
public sealed class SpeechStreamingTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task OpenAI_SDK_gets_a_playable_wav()
    {
        var server = await workspace.ReadyServerAsync();
        var client = new OpenAIClient(new ApiKeyCredential("x"), new OpenAIClientOptions { Endpoint = new Uri(server.Address, "/v1") }).GetAudioClient("tts-1");

        BinaryData audio = await client.GenerateSpeechAsync("Hello there.", GeneratedSpeechVoice.Alloy, new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Wav });

        var clip = WavReader.Read(audio.ToArray());
        Assert.Equal(24000, clip.SampleRate);
        Assert.Equal(1, clip.Channels);
        Assert.True(clip.Frames > 0, "the wav holds audio");
    }

    [Fact]
    public async Task Audio_stream_is_chunked_with_headers_up_front()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await server.Client.PostAsync(
            new { model = "chatterbox-turbo", input = "First sentence. Second one here.", voice = "alloy", response_format = "wav", seed = 5, max_new_tokens = 20, instructions = "cheerful" },
            HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked, "the body is sent chunked");
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());
        Assert.Equal("chatterbox-turbo", response.Headers.GetValues("X-Model").Single());
        Assert.Equal("default", response.Headers.GetValues("X-Voice").Single());
        Assert.Equal("5", response.Headers.GetValues("X-Seed").Single());
        Assert.Equal("false", response.Headers.GetValues("X-Instructions-Applied").Single());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(0xFFFFFFFF, BitConverter.ToUInt32(bytes, 4));
        Assert.True(WavReader.Read(bytes).Frames > 0);
    }

    [Fact]
    public async Task Pcm_is_raw_sixteen_bit_samples()
    {
        var server = await workspace.ReadyServerAsync();

        using var wav = await server.Client.PostAsync(new { model = "tts-1", input = "Same words.", voice = "alloy", response_format = "wav", max_new_tokens = 15 });
        using var pcm = await server.Client.PostAsync(new { model = "tts-1", input = "Same words.", voice = "alloy", response_format = "pcm", max_new_tokens = 15 });

        Assert.Equal("audio/pcm", pcm.Content.Headers.ContentType?.MediaType);
        var wavBytes = await wav.Content.ReadAsByteArrayAsync();
        var pcmBytes = await pcm.Content.ReadAsByteArrayAsync();
        Assert.Equal(wavBytes.AsSpan(44).ToArray(), pcmBytes);
    }

    [Fact]
    public async Task SSE_sends_base64_deltas_that_join_to_the_audio_and_a_done_event_with_usage()
    {
        var server = await workspace.ReadyServerAsync();
        var request = new { model = "gpt-4o-mini-tts", input = "One. Two words.", voice = new { id = "alloy" }, response_format = "wav", max_new_tokens = 15 };

        using var plain = await server.Client.PostAsync(request);
        using var sse = await server.Client.PostAsync(new { request.model, request.input, request.voice, request.response_format, request.max_new_tokens, stream_format = "sse" });

        Assert.Equal("text/event-stream", sse.Content.Headers.ContentType?.MediaType);
        var events = (await sse.Content.ReadAsStringAsync())
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.Clone())
            .ToList();
        var deltas = events.Take(events.Count - 1).ToList();
        Assert.All(deltas, e => Assert.Equal("speech.audio.delta", e.GetProperty("type").GetString()));
        var joined = deltas.SelectMany(e => Convert.FromBase64String(e.GetProperty("audio").GetString()!)).ToArray();
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(), joined);
        var done = events[^1];
        Assert.Equal("speech.audio.done", done.GetProperty("type").GetString());
        var usage = done.GetProperty("usage");
        Assert.True(usage.GetProperty("input_tokens").GetInt32() > 0);
        Assert.True(usage.GetProperty("output_tokens").GetInt32() > 0);
        Assert.Equal(usage.GetProperty("input_tokens").GetInt32() + usage.GetProperty("output_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task OpenAI_SDK_streaming_reads_our_SSE()
    {
        var server = await workspace.ReadyServerAsync();
        var client = new OpenAIClient(new ApiKeyCredential("x"), new OpenAIClientOptions { Endpoint = new Uri(server.Address, "/v1") }).GetAudioClient("gpt-4o-mini-tts");

        var audio = new List<byte>();
        var sawDone = false;
        await using var updates = await client.GenerateSpeechStreamingAsync("Hi there.", GeneratedSpeechVoice.Alloy, new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Wav });
        await foreach (var update in updates)
        {
            if (update is StreamingSpeechAudioDeltaUpdate delta)
            {
                audio.AddRange(delta.AudioBytes.ToArray());
            }
            else
            {
                sawDone = true;
            }
        }

        Assert.True(sawDone, "the done event reached the SDK");
        Assert.True(WavReader.Read(audio.ToArray()).Frames > 0);
    }
}
