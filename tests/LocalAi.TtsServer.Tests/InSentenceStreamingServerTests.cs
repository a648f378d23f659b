using LocalAi.Audio;
using LocalAi.Speech.Audio;
using LocalAi.Speech.Chatterbox;
using LocalAi.Testing;
using LocalAi.TtsServer.Configuration;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>
/// <c>--stream-chunk-tokens</c>: 0 answers exactly as before in-sentence streaming existed (every sentence whole, joined
/// with the crossfade); on, the tiny model's decoder makes the pieces render what the whole sentence renders, so the
/// audio is the same to the last bit of 16-bit rounding.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class InSentenceStreamingServerTests(ServerWorkspace workspace)
{
    /// <summary>With the workspace's default voice the tiny q4 model speaks the first sentence for all 90 tokens.</summary>
    private const string Text = "The quick brown fox jumps over the lazy dog. It was not amused at all.";
    private const int Budget = 90;
    private const int Seed = 11;

    [Fact]
    public async Task Off_answers_byte_for_byte_what_the_whole_sentence_synthesis_gives()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("stream-off") with { StreamChunkTokens = 0 });

        var pcm = await PcmAsync(server);

        var expected = await WholeSentencesAsync();
        Assert.True(expected.Chunks[0].Generation.SpeechTokens.Count >= 3 * 10, "the first sentence is long enough to stream in pieces");
        Assert.Equal(Pcm16(expected.Samples), pcm);
    }

    [Theory]
    [InlineData("pcm")]
    [InlineData("wav")]
    public async Task On_sends_the_same_audio_in_pieces(string format)
    {
        await using var off = await InProcessTtsServer.StartAsync(workspace.Options("stream-off-" + format) with { StreamChunkTokens = 0 });
        await using var on = await InProcessTtsServer.StartAsync(workspace.Options("stream-on-" + format) with { StreamChunkTokens = 10 });

        var whole = await BodyAsync(off, format);
        var pieces = await BodyAsync(on, format);

        Assert.Equal(whole.Length, pieces.Length);
        var worst = Enumerable.Range(0, whole.Length / 2).Max(i => Math.Abs(BitConverter.ToInt16(whole, 2 * i) - BitConverter.ToInt16(pieces, 2 * i)));
        Assert.InRange(worst, 0, 1);
    }

    [Fact]
    public async Task Mp3_streams_in_pieces_to_the_same_length()
    {
        await using var off = await InProcessTtsServer.StartAsync(workspace.Options("stream-off-mp3") with { StreamChunkTokens = 0 });
        await using var on = await InProcessTtsServer.StartAsync(workspace.Options("stream-on-mp3") with { StreamChunkTokens = 10 });

        var whole = await new AudioDecoder().DecodeAsync(await BodyAsync(off, "mp3"));
        var pieces = await new AudioDecoder().DecodeAsync(await BodyAsync(on, "mp3"));

        Assert.Equal(whole.Frames, pieces.Frames);
    }

    [Fact]
    public void The_flag_the_environment_and_the_rule_of_the_option()
    {
        var flag = TtsServerCommandLine.SwitchMappings["--stream-chunk-tokens"];
        var fromEnvironment = TtsServerConfiguration.Load(environment: new Dictionary<string, string> { ["LOCALAI__TTSSERVER__STREAMCHUNKTOKENS"] = "0" });
        var byDefault = TtsServerConfiguration.Load(environment: new Dictionary<string, string>());

        Assert.Equal("TtsServer:StreamChunkTokens", flag);
        Assert.Equal(0, fromEnvironment.StreamChunkTokens);
        Assert.Equal(25, byDefault.StreamChunkTokens);
        var error = Assert.Throws<TtsServerConfigurationException>(() =>
            TtsServerConfiguration.Load(overrides: [KeyValuePair.Create(flag, (string?)"-1")], environment: new Dictionary<string, string>()));
        Assert.Contains("TtsServer:StreamChunkTokens", error.Message, StringComparison.Ordinal);
    }

    private static Task<byte[]> PcmAsync(InProcessTtsServer server) => BodyAsync(server, "pcm");

    private static async Task<byte[]> BodyAsync(InProcessTtsServer server, string format)
    {
        using var response = await server.Client.PostAsync(new { model = "tts-1", input = Text, voice = "alloy", response_format = format, seed = Seed, max_new_tokens = Budget });
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return format == "wav" ? bytes[WavWriter.HeaderSize(WavSampleFormat.Pcm16)..] : bytes;
    }

    // Today's answer: the first sentence alone, then the rest, joined with the crossfade (Synthesize equals the stream's stitcher).
    private async Task<SynthesisResult> WholeSentencesAsync()
    {
        using var synthesizer = SpeechSynthesizer.Load(new ChatterboxOptions { ModelDirectory = workspace.ModelDirectory, DTypes = GraphDTypes.Parse("q4") });
        var voice = (await synthesizer.PrepareVoiceAsync(workspace.DefaultVoice)).Conditioning;
        var options = new SynthesisOptions { Generation = new GenerationOptions { MaxNewTokens = Budget, Seed = Seed }, FirstSentenceAlone = true };
        return synthesizer.Synthesize(Text, voice, options);
    }

    private static byte[] Pcm16(float[] samples) => [.. samples.SelectMany(s => BitConverter.GetBytes(WavWriter.ToPcm16(s)))];
}
