using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Models;

/// <summary>The models <see cref="ModelStore"/> can pull. Adding a model with the same graph layout is one entry here.</summary>
public static class ModelCatalog
{
    /// <summary>Root files of the ONNX exports that the engine reads when present.</summary>
    private static readonly string[] OptionalRootFiles =
        ["preprocessor_config.json", "config.json", "generation_config.json", "tokenizer_config.json", "special_tokens_map.json"];

    /// <summary>Resemble AI's official ONNX export of Chatterbox Turbo.</summary>
    public static ModelCatalogEntry ChatterboxTurbo { get; } =
        new("chatterbox-turbo", "ResembleAI/chatterbox-turbo-ONNX", "main", ["tokenizer.json"], OptionalRootFiles);

    /// <summary>
    /// onnx-community's ONNX export of Chatterbox Multilingual, pinned to the commit whose files are known: the
    /// language model in fp32, fp16, q4 and q4f16, the other three graphs in fp32 only, and the Chinese Cangjie table.
    /// </summary>
    public static ModelCatalogEntry ChatterboxMultilingual { get; } =
        new("chatterbox-multilingual", "onnx-community/chatterbox-multilingual-ONNX", "452d3f434aa592098f1eedac9099f33642ab2da5",
            ["tokenizer.json", "Cangjie5_TC.json"], OptionalRootFiles)
        {
            Family = ModelFamily.Multilingual,
            Fp32OnlyGraphs = [ChatterboxGraph.SpeechEncoder, ChatterboxGraph.EmbedTokens, ChatterboxGraph.ConditionalDecoder],
            DTypes = [ModelDType.Fp32, ModelDType.Fp16, ModelDType.Q4, ModelDType.Q4F16],
        };

    /// <summary>Every known model.</summary>
    public static IReadOnlyList<ModelCatalogEntry> All { get; } = [ChatterboxTurbo, ChatterboxMultilingual];

    /// <summary>The entry with this id (ignoring case), or null.</summary>
    public static ModelCatalogEntry? Find(string id) =>
        All.FirstOrDefault(entry => string.Equals(entry.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The entry pulled from this repository (ignoring case), or null.</summary>
    public static ModelCatalogEntry? FindByRepo(string repo) =>
        All.FirstOrDefault(entry => string.Equals(entry.Repo, repo, StringComparison.OrdinalIgnoreCase));
}
