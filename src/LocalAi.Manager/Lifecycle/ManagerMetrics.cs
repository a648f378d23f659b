using Prometheus;

namespace LocalAi.Manager.Lifecycle;

/// <summary>The manager's Prometheus series, per model: starts, stops by reason, start failures, cold-start time, in-flight requests and state.</summary>
public sealed class ManagerMetrics
{
    /// <summary>Creates the series in <paramref name="registry"/>.</summary>
    public ManagerMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        Starts = factory.CreateCounter("localai_manager_starts_total", "Backends started (healthy), by model.", "model");
        Adoptions = factory.CreateCounter("localai_manager_adoptions_total", "Running backends taken over at manager start (not started by it), by model.", "model");
        StartFailures = factory.CreateCounter("localai_manager_start_failures_total", "Starts that failed (exit, timeout, refusal), by model.", "model");
        Stops = factory.CreateCounter("localai_manager_stops_total", "Backends stopped, by model and reason (idle, unload, swap, gpu_memory, gaming_mode, shutdown).", "model", "reason");
        Crashes = factory.CreateCounter("localai_manager_crashes_total", "Backends that exited on their own while ready, by model.", "model");
        ColdStartSeconds = factory.CreateHistogram("localai_manager_cold_start_seconds", "From the start of a backend to its first healthy answer, by model.",
            new HistogramConfiguration { LabelNames = ["model"], Buckets = Histogram.ExponentialBuckets(0.05, 2, 12) });
        InFlight = factory.CreateGauge("localai_manager_in_flight_requests", "Requests being proxied, by model.", "model");
        State = factory.CreateGauge("localai_manager_model_state", "1 for the state each model is in (stopped, starting, ready, stopping).", "model", "state");
    }

    /// <summary>Healthy starts.</summary>
    public Counter Starts { get; }

    /// <summary>Running backends adopted at manager start.</summary>
    public Counter Adoptions { get; }

    /// <summary>Failed starts.</summary>
    public Counter StartFailures { get; }

    /// <summary>Stops by reason.</summary>
    public Counter Stops { get; }

    /// <summary>Crashes while ready.</summary>
    public Counter Crashes { get; }

    /// <summary>Cold-start durations.</summary>
    public Histogram ColdStartSeconds { get; }

    /// <summary>In-flight requests.</summary>
    public Gauge InFlight { get; }

    /// <summary>The state of each model.</summary>
    public Gauge State { get; }

    /// <summary>Sets the state series of <paramref name="model"/> to <paramref name="state"/>.</summary>
    public void SetState(string model, LifecycleState state)
    {
        foreach (var each in Enum.GetValues<LifecycleState>())
        {
            State.WithLabels(model, each.ToString().ToLowerInvariant()).Set(each == state ? 1 : 0);
        }
    }
}
