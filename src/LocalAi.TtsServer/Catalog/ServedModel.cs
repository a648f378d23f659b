using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;

namespace LocalAi.TtsServer.Catalog;

/// <summary>
/// The one model this server runs: the names requests may use for it and what it speaks. Once loaded, the model's own
/// graphs decide its family; before that (a lazy or cold start), the catalog's family for the configured id does.
/// </summary>
internal sealed class ServedModel(ModelNames names, Func<ModelFamily?> loadedFamily)
{
    /// <summary>The names a request may use.</summary>
    public ModelNames Names { get; } = names;

    /// <summary>The model's family.</summary>
    public ModelFamily Family => loadedFamily() ?? ExpectedFamily(Names.Id);

    /// <summary>The languages the model speaks (ISO 639-1 codes).</summary>
    public IReadOnlyList<string> Languages => Family.Languages();

    /// <summary>The family the catalog gives a model id; an id it does not know is taken for Turbo.</summary>
    public static ModelFamily ExpectedFamily(string modelId) => ModelCatalog.Find(modelId)?.Family ?? ModelFamily.Turbo;
}
