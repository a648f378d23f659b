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

    /// <summary>Every known model.</summary>
    public static IReadOnlyList<ModelCatalogEntry> All { get; } = [ChatterboxTurbo];

    /// <summary>The entry with this id (ignoring case), or null.</summary>
    public static ModelCatalogEntry? Find(string id) =>
        All.FirstOrDefault(entry => string.Equals(entry.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The entry pulled from this repository (ignoring case), or null.</summary>
    public static ModelCatalogEntry? FindByRepo(string repo) =>
        All.FirstOrDefault(entry => string.Equals(entry.Repo, repo, StringComparison.OrdinalIgnoreCase));
}
