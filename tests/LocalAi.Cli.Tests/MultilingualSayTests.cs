using LocalAi.ModelForge;
using LocalAi.Speech.Audio;
using LocalAi.Speech.Tests.Chatterbox;
using LocalAi.Speech.Tests.Support;
using LocalAi.Speech.Text.Multilingual;

namespace LocalAi.Cli.Tests;

/// <summary>
/// <c>localai say --model-dir</c> on a forged multilingual model: the CLI finds the family in the graphs, prepares
/// the text with the multilingual tokenizer, and writes exactly what the official multilingual loop makes.
/// </summary>
public sealed class MultilingualSayTests : IDisposable
{
    private const int Budget = 40;
    private readonly string root = Path.Combine(Path.GetTempPath(), "localai-say-ml-" + Guid.NewGuid().ToString("N"));
    private readonly SayWorkspace work = new();

    public MultilingualSayTests()
    {
        Forge.Write(new ForgeOptions { OutputDirectory = ModelDirectory, Profile = ForgeProfile.MultilingualTiny, DTypes = [ForgeDType.Fp32] });
        WavWriter.WriteFile(VoiceFile, new AudioClip(TestClips.Voice(7.5, 71), 1, 24000), WavSampleFormat.Float32);
    }

    private string ModelDirectory => Path.Combine(root, "model");

    private string VoiceFile => Path.Combine(root, "voice.wav");

    [Fact]
    public async Task Say_on_a_multilingual_model_equals_the_official_multilingual_loop()
    {
        const string text = "Hello from the multilingual model.";
        var run = await SayRun.InvokeAsync(
        [
            text, "--model-dir", ModelDirectory, "--voice-file", VoiceFile, "--cache", work.Cache, "--dtype", "fp32",
            "--reference-loudness", "off", "--max-new-tokens", "40", "--out", work.Output,
        ]);

        Assert.Equal(0, run.ExitCode);
        var ids = MultilingualTokenizer.Load(Path.Combine(ModelDirectory, "tokenizer.json"), null).Encode(text, "en");
        using var reference = new MultilingualReferenceLoop(ModelDirectory, "");
        var expected = reference.Run(TestClips.Voice(7.5, 71), ids, Budget);
        Assert.True(expected.GeneratedTokens.Length > 5);
        Assert.Equal(expected.Waveform, WavReader.ReadFile(work.Output).Samples);
    }

    public void Dispose()
    {
        work.Dispose();
        Directory.Delete(root, recursive: true);
    }
}
