using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;
using LocalAi.TtsServer.Configuration;

namespace LocalAi.TtsServer.Engine;

/// <summary>
/// What the <c>X-Model-Version</c> header says: <c>&lt;model id&gt;@&lt;revision&gt;/&lt;dtypes&gt;</c>, for example
/// <c>chatterbox-turbo@main/q4</c>. The revision is the commit the hub resolved when the model cache recorded it, else
/// the revision asked for, and <c>local</c> for a configured model directory (whose files nothing versions). Caches in
/// front of the server key on it, so audio from another model build is never served as this one's.
/// </summary>
internal static class ModelVersion
{
    /// <summary>Describes the model the server runs; called once the model is loaded, so a pulled model has its manifest.</summary>
    public static string Describe(TtsServerOptions options) =>
        $"{options.ModelId}@{Revision(options)}/{DTypes(options)}";

    private static string Revision(TtsServerOptions options)
    {
        if (options.ModelDirectory is not null || ModelCatalog.Find(options.ModelId) is not { } entry)
        {
            return "local";
        }

        using var store = new ModelStore(ModelStoreOptions.FromEnvironment(options.CacheDirectory));
        var directory = Path.GetFullPath(store.ModelDirectory(entry));
        var installed = store.List().FirstOrDefault(model => Path.GetFullPath(model.Directory) == directory);
        return installed?.Commit ?? entry.Revision;
    }

    private static string DTypes(TtsServerOptions options)
    {
        var device = options.Device.Trim().Equals("cpu", StringComparison.OrdinalIgnoreCase) ? ExecutionDevice.Cpu : ExecutionDevice.Cuda;
        return (options.DType is { } text ? GraphDTypes.Parse(text) : ChatterboxOptions.DefaultDTypes(device)).ToString();
    }
}
