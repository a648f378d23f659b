using System.Runtime.InteropServices;
using System.Text.Json;
using LocalAi.Audio;
using LocalAi.Speech.Tests.Chatterbox;

namespace LocalAi.Cli.Tests;

/// <summary><c>localai say</c> end to end on a forged model: file → decode → encoder → loop → decoder → WAV.</summary>
[Collection(SayModelCollection.Name)]
public sealed class SayCommandTests(SayModel model) : IDisposable
{
    private const int Budget = 40;
    private readonly SayWorkspace work = new();

    [Fact]
    public async Task Greedy_speech_equals_the_reference_loop_sample_for_sample()
    {
        var run = await SayAsync("Hello world", "--dtype", "fp32", "--reference-loudness", "off");

        Assert.Equal(0, run.ExitCode);
        using var reference = new ReferenceLoop(model.Directory, "");
        var expected = reference.Run(model.VoiceClip, [15496, 995, 13, 50256, 50256], Budget);
        var wav = WavReader.ReadFile(work.Output);
        Assert.Equal(24000, wav.SampleRate);
        Assert.Equal(1, wav.Channels);
        Assert.Equal(expected.Waveform, wav.Samples);
    }

    [Fact]
    public async Task Writes_a_24kHz_mono_float32_wav_by_default()
    {
        var run = await SayAsync("Hello world");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var wav = WavReader.ReadFile(work.Output);
        Assert.Equal(24000, wav.SampleRate);
        Assert.Equal(1, wav.Channels);
        Assert.True(wav.Frames >= 4 * 960 && wav.Frames % 960 == 0, $"{wav.Frames} frames");
        Assert.Contains(wav.Samples, s => s != 0);
        var probe = await SayProbe.ReadAsync(work.Output);
        Assert.Equal(new SayProbe("pcm_f32le", 24000, 1, probe.DurationSeconds), probe);
        Assert.Equal(wav.DurationSeconds, probe.DurationSeconds, 3);
        Assert.StartsWith($"Wrote {work.Output}: {wav.DurationSeconds:F2} s of audio", run.Output, StringComparison.Ordinal);
        Assert.Equal([work.Output], work.OutputFiles());
    }

    [Fact]
    public async Task Sample_format_s16_writes_pcm16_of_the_same_audio()
    {
        var floatRun = await SayAsync("Hello world");
        var floats = WavReader.ReadFile(work.Output);
        var pcmPath = work.PathOf("speech16.wav");

        var pcmRun = await SayAsync("Hello world", "--sample-format", "s16", "--out", pcmPath);

        Assert.Equal(0, floatRun.ExitCode);
        Assert.Equal(0, pcmRun.ExitCode);
        var probe = await SayProbe.ReadAsync(pcmPath);
        Assert.Equal(new SayProbe("pcm_s16le", 24000, 1, probe.DurationSeconds), probe);
        Assert.Equal(floats.DurationSeconds, probe.DurationSeconds, 3);
        var bytes = File.ReadAllBytes(pcmPath);
        var header = WavWriter.HeaderSize(WavSampleFormat.Pcm16);
        Assert.Equal(header + (2 * floats.Frames), bytes.Length);
        Assert.Equal(floats.Samples.Select(WavWriter.ToPcm16), MemoryMarshal.Cast<byte, short>(bytes.AsSpan(header)).ToArray());
    }

    [Fact]
    public async Task The_trace_describes_the_run_and_agrees_with_the_wav()
    {
        var run = await SayAsync("Hello world", "--trace", work.Trace);

        Assert.Equal(0, run.ExitCode);
        using var trace = JsonDocument.Parse(File.ReadAllBytes(work.Trace));
        var root = trace.RootElement;
        foreach (var key in new[] { "normalized_text", "text_token_ids", "audio_tokens", "speech_tokens", "sample_count", "timings_ms", "chunks" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"the trace has no {key}");
        }

        Assert.Equal("Hello world.", root.GetProperty("normalized_text").GetString());
        var textIds = Ints(root.GetProperty("text_token_ids"));
        Assert.Equal([15496L, 995, 13, 50256, 50256], textIds);
        Assert.Equal([50256L, 50256], textIds.TakeLast(2));
        Assert.NotEmpty(Ints(root.GetProperty("audio_tokens")));

        var sampleCount = root.GetProperty("sample_count").GetInt32();
        var speechTokens = Ints(root.GetProperty("speech_tokens"));
        Assert.Equal(WavReader.ReadFile(work.Output).Frames, sampleCount);
        Assert.Equal((speechTokens.Count * 960) + (3 * 960), sampleCount);
        Assert.All(speechTokens, t => Assert.InRange(t, 0, 6560));

        var chunk = Assert.Single(root.GetProperty("chunks").EnumerateArray());
        Assert.Equal(speechTokens, Ints(chunk.GetProperty("speech_tokens")));
        Assert.Equal(sampleCount, chunk.GetProperty("sample_count").GetInt32());
        Assert.True(root.GetProperty("timings_ms").GetProperty("synthesis").GetDouble() > 0);
    }

    [Fact]
    public async Task A_long_text_is_spoken_in_chunks_listed_in_the_trace()
    {
        var run = await SayAsync(
            "The first sentence is here. A second one follows it. And the third one ends the text.",
            "--max-chunk-chars", "40", "--trace", work.Trace);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("3 chunk(s)", run.Output, StringComparison.Ordinal);
        using var trace = JsonDocument.Parse(File.ReadAllBytes(work.Trace));
        var chunks = trace.RootElement.GetProperty("chunks").EnumerateArray().ToList();
        Assert.Equal(
            ["The first sentence is here.", "A second one follows it.", "And the third one ends the text."],
            chunks.Select(c => c.GetProperty("text").GetString()));
        var fades = (chunks.Count - 1) * 480;
        Assert.Equal(chunks.Sum(c => c.GetProperty("sample_count").GetInt32()) - fades, WavReader.ReadFile(work.Output).Frames);
    }

    [Fact]
    public async Task The_second_run_reads_the_voice_from_the_cache()
    {
        var first = await SayAsync("Hello world");
        var second = await SayAsync("Hello world", "--out", work.PathOf("again.wav"));

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("voice encoded", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("voice from cache", second.Output, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(work.Cache, "conditioning"), "*.cond", SearchOption.AllDirectories));
        Assert.Equal(WavReader.ReadFile(work.Output).Samples, WavReader.ReadFile(work.PathOf("again.wav")).Samples);
    }

    [Fact]
    public async Task Sampling_with_a_seed_is_repeatable_and_the_seed_is_traced()
    {
        var first = await SayAsync("Hello world", "--temperature", "0.8", "--seed", "99", "--trace", work.Trace);
        var again = await SayAsync("Hello world", "--temperature", "0.8", "--seed", "99", "--out", work.PathOf("again.wav"));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, again.ExitCode);
        using var trace = JsonDocument.Parse(File.ReadAllBytes(work.Trace));
        Assert.Equal(99, trace.RootElement.GetProperty("seed").GetInt32());
        Assert.Equal(WavReader.ReadFile(work.Output).Samples, WavReader.ReadFile(work.PathOf("again.wav")).Samples);
    }

    public void Dispose() => work.Dispose();

    // Writes to the workspace's output unless the options name another --out.
    private Task<SayRun.Outcome> SayAsync(string text, params string[] options) => SayRun.InvokeAsync(
    [
        text, "--model-dir", model.Directory, "--voice-file", model.VoiceFile, "--cache", work.Cache,
        "--max-new-tokens", Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        .. options.Contains("--out") ? options : ["--out", work.Output, .. options],
    ]);

    private static List<long> Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt64())];
}
