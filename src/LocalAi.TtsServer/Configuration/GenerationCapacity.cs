using LocalAi.Speech.Chatterbox;
using LocalAi.TtsServer.Catalog;

namespace LocalAi.TtsServer.Configuration;

/// <summary>
/// How many generations run at once and whether they decode as one batch. A value the configuration sets is kept;
/// one it leaves unset is chosen here from the device, the language model's dtype and the model's family, by what
/// was measured (docs/configuration.md, "Generation capacity"; docs/benchmarks.md, "Continuous batching"). Needs the
/// configuration only, so the generation gate can be built before a lazily loaded model exists.
/// </summary>
/// <param name="MaxConcurrentGenerations">Generations that run at the same time.</param>
/// <param name="BatchDecoding">Whether those generations share language-model steps.</param>
/// <param name="ConcurrencyChosen">Whether <paramref name="MaxConcurrentGenerations"/> was chosen here rather than configured.</param>
/// <param name="BatchingChosen">Whether <paramref name="BatchDecoding"/> was chosen here rather than configured.</param>
/// <param name="Reason">Why the values are what they are; null when the configuration set both and they are kept as set.</param>
public sealed record GenerationCapacity(int MaxConcurrentGenerations, bool BatchDecoding, bool ConcurrencyChosen, bool BatchingChosen, string? Reason)
{
    /// <summary>The generations a batching server runs at once unless told otherwise.</summary>
    public const int BatchedGenerations = 4;

    /// <summary>The largest decode batch the engine is given: the concurrency when batching, else 1 (each decodes alone).</summary>
    public int MaxBatchSize => BatchDecoding ? MaxConcurrentGenerations : 1;

    /// <summary>The capacity for validated options.</summary>
    /// <param name="options">Options that passed <see cref="TtsServerOptions.Validate"/> (the dtype parses).</param>
    public static GenerationCapacity Resolve(TtsServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var languageModel = options.RequestedDTypes.For(ChatterboxGraph.LanguageModel);
        return Resolve(options.ExecutionDevice, languageModel, ServedModel.ExpectedFamily(options.ModelId), options.MaxConcurrentGenerations, options.BatchDecoding);
    }

    /// <summary>The capacity for a device, language-model dtype and family, keeping what was configured (non-null).</summary>
    public static GenerationCapacity Resolve(ExecutionDevice device, ModelDType languageModel, ModelFamily family, int? maxConcurrent, bool? batch)
    {
        if (!family.SupportsBatching())
        {
            // The engine decodes each request of this family alone whatever it is told, so batching is off.
            return new GenerationCapacity(maxConcurrent ?? 1, false, maxConcurrent is null, batch is null, $"{family} models do not batch");
        }

        var (batches, reason) = batch is { } configured ? (configured, ConfiguredReason(configured, maxConcurrent)) : Measured(device, languageModel);
        var concurrency = maxConcurrent ?? (batches ? BatchedGenerations : 1);

        // A batch of one is no batch: with one generation, each decodes alone.
        return batches && concurrency == 1
            ? new GenerationCapacity(1, false, maxConcurrent is null, batch is null, "one generation at a time does not batch")
            : new GenerationCapacity(concurrency, batches, maxConcurrent is null, batch is null, reason);
    }

    // Why configured batching runs the generations it does; none when they were configured too.
    private static string? ConfiguredReason(bool batch, int? maxConcurrent) =>
        maxConcurrent is not null ? null
        : batch ? $"with batch decoding on, {BatchedGenerations} generations batch together"
        : "without batch decoding, one generation at a time";

    // What was measured on a 2-core CPU (docs/benchmarks.md, "Continuous batching"); CUDA has not been measured.
    private static (bool Batches, string Reason) Measured(ExecutionDevice device, ModelDType languageModel) => (device, languageModel) switch
    {
        (ExecutionDevice.Cuda, _) =>
            (false, "unmeasured on CUDA (bench/gpu-check.sh measures it), so one generation at a time"),
        (_, ModelDType.Q4 or ModelDType.Q4F16) =>
            (false, $"on the CPU a step of 2 rows of a 4-bit language model ({languageModel.CliName()}) costs about 2.3 steps of one, so batching is slower than one request after another"),
        (_, ModelDType.Fp32 or ModelDType.Fp16) =>
            (true, $"on the CPU a float language model ({languageModel.CliName()}) serves {BatchedGenerations} requests batched at about twice the throughput of one after another"),
        _ => (false, $"batching a {languageModel.CliName()} language model is unmeasured, so one generation at a time"),
    };
}
