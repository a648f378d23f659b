using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>What the synthesizer tests share: the fp32 tiny model, the reference loop for it, and small budgets.</summary>
internal static class SpeechSynthesizerSetup
{
    /// <summary>The synthetic model's greedy loop does not always stop on its own; every test caps it.</summary>
    public const int Budget = 40;

    /// <summary>Three sentences that a 40-character limit must split into several chunks.</summary>
    public const string ThreeSentences = "The first sentence is here. A second one follows it. And the third one ends the text.";

    public static SpeechSynthesizer Load(string modelDirectory, string? conditioningCache = null) =>
        SpeechSynthesizer.Load(new ChatterboxOptions { ModelDirectory = modelDirectory, DTypes = GraphDTypes.Uniform(ModelDType.Fp32) }, conditioningCache);

    public static SynthesisOptions Greedy(int maxChunkCharacters = SynthesisOptions.DefaultMaxChunkCharacters) =>
        new() { Generation = new GenerationOptions { MaxNewTokens = Budget }, MaxChunkCharacters = maxChunkCharacters };

    public static SynthesisOptions Sampling(int? seed, int maxChunkCharacters = SynthesisOptions.DefaultMaxChunkCharacters) =>
        new()
        {
            Generation = new GenerationOptions { Temperature = GenerationOptions.DefaultSamplingTemperature, Seed = seed, MaxNewTokens = Budget },
            MaxChunkCharacters = maxChunkCharacters,
        };
}
