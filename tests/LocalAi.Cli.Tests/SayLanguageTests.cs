using LocalAi.Text;

namespace LocalAi.Cli.Tests;

/// <summary><c>localai say --model … --language … --exaggeration …</c>: each refusal one error line, no output file.</summary>
[Collection(SayModelCollection.Name)]
public sealed class SayLanguageTests(SayModel model) : IDisposable
{
    // The tiny forged model is q4 throughout; the multilingual id would take three graphs in fp32 unless told otherwise.
    private const string AllQ4 = "q4,speech_encoder=q4,embed_tokens=q4,conditional_decoder=q4";
    private readonly SayWorkspace work = new();

    [Fact]
    public async Task French_to_turbo_is_refused_naming_the_multilingual_model()
    {
        var error = await FailsAsync("--model-dir", model.Directory, "--voice-file", model.VoiceFile, "--language", "fr");

        Assert.Contains("chatterbox-turbo speaks en only", error, StringComparison.Ordinal);
        Assert.Contains("\"chatterbox-multilingual\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exaggeration_to_turbo_is_refused()
    {
        var error = await FailsAsync("--model-dir", model.Directory, "--voice-file", model.VoiceFile, "--exaggeration", "0.7");

        Assert.Contains("Exaggeration applies only to the multilingual model", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_language_the_multilingual_model_does_not_speak_is_refused_listing_its_23_before_any_pull()
    {
        var error = await FailsAsync("--model", "chatterbox-multilingual", "--language", "cs", "--no-pull");

        Assert.Contains(string.Join(", ", SpeechLanguages.Multilingual), error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work.Cache, "models")));
    }

    [Fact]
    public async Task An_exaggeration_above_2_is_refused_for_the_multilingual_model()
    {
        var error = await FailsAsync("--model", "chatterbox-multilingual", "--language", "de", "--exaggeration", "2.5", "--no-pull");

        Assert.Contains("exaggeration must be between 0 and 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_refused_naming_the_known_ones()
    {
        var error = await FailsAsync("--model", "chatterbox-giant");

        Assert.Contains("chatterbox-turbo, chatterbox-multilingual", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_reaches_the_loaded_model_whose_graphs_decide_turbo_graphs_refuse_french()
    {
        var error = await FailsAsync(
            "--model", "chatterbox-multilingual", "--language", "FR", "--model-dir", model.Directory, "--voice-file", model.VoiceFile, "--dtype", AllQ4);

        Assert.Contains("chatterbox-multilingual speaks en only", error, StringComparison.Ordinal);
        Assert.Contains("French ('fr')", error, StringComparison.Ordinal);
    }

    public void Dispose() => work.Dispose();

    private Task<string> FailsAsync(params string[] options) => work.FailsAsync("Bonjour tout le monde", options);
}
