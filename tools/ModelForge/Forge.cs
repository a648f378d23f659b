using LocalAi.ModelForge.Graphs;
using LocalAi.ModelForge.Graphs.Multilingual;

namespace LocalAi.ModelForge;

/// <summary>Writes synthetic Chatterbox Turbo or Multilingual model directories in the Hugging Face repository layout.</summary>
public static class Forge
{
    /// <summary>The fixed content of the official <c>preprocessor_config.json</c>.</summary>
    public const string PreprocessorConfig =
        """{"feature_extractor_type":"ChatterboxFeatureExtractor","processor_class":"ChatterboxProcessor","sampling_rate":24000}""";

    /// <summary>
    /// Writes every graph of every requested dtype, the preprocessor config, a README, (if set) the tokenizer and,
    /// for the multilingual family, <c>generation_config.json</c>.
    /// </summary>
    public static ForgedModel Write(ForgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DTypes.Count == 0)
        {
            throw new ArgumentException("At least one dtype is required.", nameof(options));
        }

        if (options.MinStopPosition > 0 && options.Profile.Family != ForgeFamily.Turbo)
        {
            throw new ArgumentException("MinStopPosition needs a Turbo profile: it gates STOP on the language model's position_ids.", nameof(options));
        }

        var onnxDirectory = Path.Combine(options.OutputDirectory, "onnx");
        Directory.CreateDirectory(onnxDirectory);
        foreach (var dtype in options.DTypes.Distinct())
        {
            var context = new GraphContext(options.Profile, dtype, options.Seed, onnxDirectory, options.MatMulAccuracyLevel, options.MinStopPosition);
            var multilingual = options.Profile.Family == ForgeFamily.Multilingual;
            SpeechEncoderGraph.Write(context);
            (multilingual ? (Action<GraphContext>)MultilingualEmbedTokensGraph.Write : EmbedTokensGraph.Write)(context);
            (multilingual ? (Action<GraphContext>)LlamaLanguageModelGraph.Write : LanguageModelGraph.Write)(context);
            ConditionalDecoderGraph.Write(context);
        }

        var model = new ForgedModel(options.OutputDirectory, options.Profile, [.. options.DTypes.Distinct()], options.Seed, options.MinStopPosition);
        File.WriteAllText(Path.Combine(options.OutputDirectory, "preprocessor_config.json"), PreprocessorConfig);
        File.WriteAllText(Path.Combine(options.OutputDirectory, "README.md"), ModelCard.Text(model));
        if (options.Profile.Family == ForgeFamily.Multilingual)
        {
            File.WriteAllText(Path.Combine(options.OutputDirectory, "generation_config.json"), MultilingualContract.GenerationConfig);
        }

        options.TokenizerJsonWriter?.Invoke(Path.Combine(options.OutputDirectory, "tokenizer.json"));
        return model;
    }
}
