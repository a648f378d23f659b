using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;
using LocalAi.TtsServer.Configuration;

namespace LocalAi.TtsServer.Engine;

/// <summary>
/// Finds the model (the configured directory, else the model cache, else a pull with progress) and loads it, keeping
/// encoded voices in the cache's <c>conditioning/</c> folder so they survive restarts.
/// </summary>
internal static class DefaultSynthesizerLoader
{
    public static SynthesizerLoader For(TtsServerOptions options, GenerationCapacity capacity) => async (progress, cancellationToken) =>
    {
        var device = options.ExecutionDevice;
        var requested = options.RequestedDTypes;
        // The multilingual export publishes three of its graphs in fp32 only; load what a pull of this dtype fetches.
        var dtypes = ModelCatalog.Find(options.ModelId)?.Fit(requested) ?? requested;
        using var store = new ModelStore(ModelStoreOptions.FromEnvironment(options.CacheDirectory));
        var directory = options.ModelDirectory
            ?? store.Resolve(options.ModelId, dtypes)
            ?? (await store.PullAsync(options.ModelId, dtypes, new ModelPullOptions(), progress, cancellationToken).ConfigureAwait(false)).Directory;
        return SpeechSynthesizer.Load(
            new ChatterboxOptions
            {
                ModelDirectory = directory,
                ModelId = options.ModelId,
                DTypes = dtypes,
                Device = device,
                IntraOpThreads = options.Threads,
                MaxBatchSize = capacity.MaxBatchSize,
                BatchCacheBudgetBytes = options.BatchCacheMiB * 1024L * 1024L,
            },
            ConditioningDirectory(options));
    };

    /// <summary>Where encoded voices are kept.</summary>
    public static string ConditioningDirectory(TtsServerOptions options) =>
        Path.Combine(ModelStoreOptions.FromEnvironment(options.CacheDirectory).CacheDirectory, "conditioning");

    /// <summary>The model cache's pulled default voice, or null when it was not pulled.</summary>
    public static string? PulledDefaultVoice(TtsServerOptions options)
    {
        var store = ModelStoreOptions.FromEnvironment(options.CacheDirectory);
        var path = Path.Combine(store.VoicesDirectory, store.DefaultVoice.FileName);
        return File.Exists(path) ? path : null;
    }
}
