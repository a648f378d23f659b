using LocalAi.Text;

namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// How speech tokens are chosen. Temperature 0 is greedy decoding, as in the official ONNX example; a positive
/// temperature samples with PyTorch Chatterbox Turbo's processors (temperature, top-k, top-p, repetition penalty).
/// </summary>
public sealed record GenerationOptions
{
    /// <summary>PyTorch Chatterbox Turbo's sampling temperature.</summary>
    public const double DefaultSamplingTemperature = 0.8;

    /// <summary>0 for greedy decoding; otherwise the sampling temperature (PyTorch Turbo uses 0.8).</summary>
    public double Temperature { get; init; }

    /// <summary>Keep only the k most likely tokens when sampling; 0 disables.</summary>
    public int TopK { get; init; } = 1000;

    /// <summary>Nucleus sampling mass when sampling; 1 disables.</summary>
    public double TopP { get; init; } = 0.95;

    /// <summary>Penalty applied once to every distinct token of the history; 1 disables.</summary>
    public double RepetitionPenalty { get; init; } = 1.2;

    /// <summary>Seed of the sampler; null draws one (it is reported in the result so a rendering can be repeated).</summary>
    public int? Seed { get; init; }

    /// <summary>Hard cap of generated tokens per chunk; null derives it from the chunk's length.</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>
    /// ISO 639-1 code of the text's language (<see cref="SpeechLanguages"/>); a model speaks only the languages
    /// it lists in <see cref="ChatterboxModel.Languages"/>.
    /// </summary>
    public string Language { get; init; } = SpeechLanguages.Default;

    /// <summary>Emotion exaggeration fed to a multilingual model's <c>embed_tokens</c>; null takes the model's default (0.5).</summary>
    public double? Exaggeration { get; init; }

    /// <summary>Whether tokens are chosen greedily.</summary>
    public bool IsGreedy => Temperature <= 0;

    /// <summary>
    /// These options with the seed fixed: greedy decoding ignores the seed (0); sampling without one draws a seed,
    /// so it can be reported before the audio and the rendering repeated.
    /// </summary>
    public GenerationOptions WithSeedChosen() => Seed is null ? this with { Seed = IsGreedy ? 0 : Random.Shared.Next() } : this;

    /// <summary>Checks the ranges and names the bad value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (double.IsNaN(Temperature) || Temperature < 0 || Temperature > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "temperature must be between 0 (greedy) and 5.");
        }

        if (TopK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "top_k must be 0 (off) or positive.");
        }

        if (double.IsNaN(TopP) || TopP <= 0 || TopP > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "top_p must be in (0, 1].");
        }

        if (double.IsNaN(RepetitionPenalty) || RepetitionPenalty <= 0 || RepetitionPenalty > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(RepetitionPenalty), RepetitionPenalty, "repetition_penalty must be in (0, 10].");
        }

        if (Exaggeration is { } exaggeration && (double.IsNaN(exaggeration) || exaggeration < 0 || exaggeration > 2))
        {
            throw new ArgumentOutOfRangeException(nameof(Exaggeration), Exaggeration, "exaggeration must be between 0 and 2.");
        }

        if (MaxNewTokens is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "max_new_tokens must be at least 1.");
        }
    }
}
