using LocalAi.Audio;
using LocalAi.ModelForge;
using LocalAi.Speech.Tests.Chatterbox;
using LocalAi.Speech.Tests.Support;
using LocalAi.Speech.Text.Multilingual;

namespace LocalAi.Cli.Tests;

/// <summary>
/// <c>localai say --model chatterbox-multilingual --language … --exaggeration … --model-dir</c> on a forged
/// multilingual model: the CLI loads the family the graphs declare, prepares the text in that language with the
/// multilingual tokenizer, and writes exactly what the official multilingual loop makes.
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

    [Theory]
    [InlineData("de", "Guten Tag, wie geht es dir heute?", "0.7")]
    [InlineData("fr", "Bonjour, ça va très bien.", null)]
    [InlineData("en", "Hello from the multilingual model.", "1.2")]
    public async Task Say_with_a_language_equals_the_official_multilingual_loop(string language, string text, string? exaggeration)
    {
        var run = await SayRun.InvokeAsync(
        [
            text, "--model", "chatterbox-multilingual", "--language", language, .. exaggeration is null ? Array.Empty<string>() : ["--exaggeration", exaggeration],
            "--model-dir", ModelDirectory, "--voice-file", VoiceFile, "--cache", work.Cache, "--dtype", "fp32",
            "--reference-loudness", "off", "--max-new-tokens", Budget.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", work.Output,
        ]);

        Assert.Equal(0, run.ExitCode);
        var ids = MultilingualTokenizer.Load(Path.Combine(ModelDirectory, "tokenizer.json"), null).Encode(text, language);
        using var reference = new MultilingualReferenceLoop(ModelDirectory, "");
        var expected = reference.Run(TestClips.Voice(7.5, 71), ids, Budget, exaggeration is null ? 0.5f : float.Parse(exaggeration, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(expected.GeneratedTokens.Length > 5);
        Assert.Equal(expected.Waveform, WavReader.ReadFile(work.Output).Samples);
    }

    public void Dispose()
    {
        work.Dispose();
        Directory.Delete(root, recursive: true);
    }
}
