using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;
using LocalAi.TtsServer.Configuration;

namespace LocalAi.TtsServer.Status;

/// <summary>
/// What the status reports about the model: <c>MODEL@REVISION/DTYPE</c>, where the revision is the pulled commit (or
/// the revision name when the hub gave none) and <c>local</c> for a configured model directory, and the device.
/// </summary>
internal static class ModelFacts
{
    public const string Local = "local";

    /// <summary><c>cpu</c> or <c>cuda</c>, as the loader reads the option.</summary>
    public static string Device(TtsServerOptions options) =>
        options.ExecutionDevice == ExecutionDevice.Cpu ? "cpu" : "cuda";

    /// <summary>The dtypes that are (or will be) loaded.</summary>
    public static string DTypes(TtsServerOptions options, SpeechSynthesizer? loaded) =>
        (loaded?.Model.Directory.DTypes ?? options.RequestedDTypes).ToString();

    /// <summary>The revision of the model in the cache that is loaded; <c>local</c> for a directory outside the cache.</summary>
    public static string Revision(TtsServerOptions options, SpeechSynthesizer? loaded)
    {
        if (options.ModelDirectory is not null)
        {
            return Local;
        }

        if (loaded is not null)
        {
            using var store = new ModelStore(ModelStoreOptions.FromEnvironment(options.CacheDirectory));
            var root = loaded.Model.Directory.Root;
            var installed = store.List().FirstOrDefault(model => Path.GetFullPath(model.Directory) == root);
            if (installed is not null)
            {
                return installed.Commit ?? installed.Revision;
            }
        }

        return ModelCatalog.Find(options.ModelId)?.Revision ?? Local;
    }
}
