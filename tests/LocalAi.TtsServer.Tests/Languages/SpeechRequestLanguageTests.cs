using LocalAi.Hosting.Errors;
using LocalAi.Speech.Chatterbox;
using LocalAi.Text;
using LocalAi.TtsServer.Catalog;
using LocalAi.TtsServer.Configuration;
using LocalAi.TtsServer.Speech;

namespace LocalAi.TtsServer.Tests.Languages;

/// <summary>
/// The request's <c>language</c> and <c>exaggeration</c> reach the engine's <see cref="GenerationOptions"/> for a
/// multilingual model, checked as the engine would take them.
/// </summary>
public sealed class SpeechRequestLanguageTests
{
    private static readonly ServedModel Multilingual =
        new(new ModelNames(new TtsServerOptions { ModelId = "chatterbox-multilingual" }), () => ModelFamily.Multilingual);

    [Fact]
    public void Language_and_exaggeration_reach_the_generation_options_with_the_code_normalised()
    {
        var speech = Validate(new SpeechRequest { Model = "chatterbox-multilingual", Input = "Bonjour.", Language = " FR", Exaggeration = 1.25 });

        Assert.Equal("fr", speech.Generation.Language);
        Assert.Equal(1.25, speech.Generation.Exaggeration);
    }

    [Theory]
    [InlineData("de-DE", "de")]
    [InlineData("pt_BR", "pt")]
    [InlineData("zh-Hans-CN", "zh")]
    public void A_tag_with_region_or_script_speaks_its_language(string requested, string spoken)
    {
        var speech = Validate(new SpeechRequest { Model = "chatterbox-multilingual", Input = "Hallo.", Language = requested });

        Assert.Equal(spoken, speech.Generation.Language);
    }

    [Fact]
    public void A_regional_tag_of_a_language_no_model_speaks_is_still_a_400_that_echoes_it()
    {
        var error = Assert.Throws<OpenAiException>(() => Validate(new SpeechRequest { Model = "tts-1", Input = "Hi.", Language = "cs-CZ" }));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("'cs-CZ'", error.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_them_the_model_speaks_english_with_its_default_exaggeration()
    {
        var speech = Validate(new SpeechRequest { Model = "tts-1", Input = "Hello." });

        Assert.Equal(SpeechLanguages.Default, speech.Generation.Language);
        Assert.Null(speech.Generation.Exaggeration);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(2.01)]
    [InlineData(double.NaN)]
    public void An_exaggeration_outside_0_to_2_is_a_400_on_that_field(double exaggeration)
    {
        var error = Assert.Throws<OpenAiException>(() =>
            Validate(new SpeechRequest { Model = "tts-1", Input = "Hallo.", Language = "de", Exaggeration = exaggeration }));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("exaggeration", error.Error.Param);
    }

    [Fact]
    public void An_unsupported_language_lists_all_23_the_model_speaks()
    {
        var error = Assert.Throws<OpenAiException>(() => Validate(new SpeechRequest { Model = "tts-1", Input = "Hi.", Language = "cs" }));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("language", error.Error.Param);
        Assert.Contains(string.Join(", ", SpeechLanguages.Multilingual), error.Error.Message, StringComparison.Ordinal);
    }

    private static ValidatedSpeechRequest Validate(SpeechRequest request) => SpeechRequestValidator.Validate(request, 1000, Multilingual);
}
