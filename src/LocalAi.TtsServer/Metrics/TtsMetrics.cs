using LocalAi.Speech.Chatterbox.Batching;
using Prometheus;

namespace LocalAi.TtsServer.Metrics;

/// <summary>
/// The speech-specific series the peers lack: generation time, time to first audio, real-time factor, audio seconds
/// produced, generations by outcome, queue depth and per-voice use. HTTP requests by route and status come from
/// the request middleware into the same registry.
/// </summary>
internal sealed class TtsMetrics
{
    private static readonly double[] SecondsBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128];
    private static readonly double[] FactorBuckets = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 4, 8];
    private static readonly double[] RowBuckets = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32];
    private static readonly double[] StepBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    public TtsMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        GenerationSeconds = factory.CreateHistogram("localai_tts_generation_seconds", "Wall time of a whole generation.", new HistogramConfiguration { Buckets = SecondsBuckets });
        TimeToFirstAudioSeconds = factory.CreateHistogram("localai_tts_time_to_first_audio_seconds", "From the request to its first audio bytes.", new HistogramConfiguration { Buckets = SecondsBuckets });
        RealTimeFactor = factory.CreateHistogram("localai_tts_real_time_factor", "Generation time divided by audio duration (below 1 is faster than real time).", new HistogramConfiguration { Buckets = FactorBuckets });
        AudioSeconds = factory.CreateCounter("localai_tts_audio_seconds_total", "Seconds of audio produced.");
        Generations = factory.CreateCounter("localai_tts_generations_total", "Generations by outcome: completed, cancelled (client left) or failed.", "outcome");
        Rejected = factory.CreateCounter("localai_tts_requests_rejected_total", "Requests refused before generation, by reason.", "reason");
        QueueDepth = factory.CreateGauge("localai_tts_queue_depth", "Requests waiting for a generation slot.");
        Running = factory.CreateGauge("localai_tts_generations_running", "Generations holding a slot.");
        InFlight = factory.CreateGauge("localai_tts_requests_in_flight", "Speech requests admitted and not finished (waiting, loading or generating): the autoscaling signal, next to localai_tts_queue_depth.");
        VoiceRequests = factory.CreateCounter("localai_tts_voice_requests_total", "Speech requests by voice.", "voice");
        ModelReady = factory.CreateGauge("localai_tts_model_ready", "1 when the model is loaded and serving.");
        BatchRows = factory.CreateHistogram("localai_tts_decode_batch_rows", "Requests generating together in one language-model step.", new HistogramConfiguration { Buckets = RowBuckets });
        DecodeStepSeconds = factory.CreateHistogram("localai_tts_decode_step_seconds", "Wall time of one batched language-model step.", new HistogramConfiguration { Buckets = StepBuckets });
    }

    public CollectorRegistry Registry { get; }

    public Histogram GenerationSeconds { get; }

    public Histogram TimeToFirstAudioSeconds { get; }

    public Histogram RealTimeFactor { get; }

    public Counter AudioSeconds { get; }

    public Counter Generations { get; }

    public Counter Rejected { get; }

    public Gauge QueueDepth { get; }

    public Gauge Running { get; }

    public Gauge InFlight { get; }

    public Counter VoiceRequests { get; }

    public Histogram BatchRows { get; }

    public Histogram DecodeStepSeconds { get; }

    /// <summary>Records one batched decode step (called on the engine's decode thread).</summary>
    public void ObserveDecodeStep(DecodeStepInfo step)
    {
        BatchRows.Observe(step.Rows);
        DecodeStepSeconds.Observe(step.Duration.TotalSeconds);
    }

    public Gauge ModelReady { get; }
}
