using LocalAi.Router.Configuration;
using LocalAi.Router.Upstreams;
using Prometheus;

namespace LocalAi.Router.Metrics;

/// <summary>
/// The router's Prometheus series, in one registry. Label values are upstream names, statuses, outcome words and known
/// voice names (<see cref="VoiceLabel"/>: bounded by the libraries), never keys, text or names as clients made them up.
/// </summary>
public sealed class RouterMetrics
{
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];

    /// <summary>Creates the series in <paramref name="registry"/>.</summary>
    public RouterMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        UpstreamRequests = factory.CreateCounter("localai_router_upstream_requests_total", "Requests sent to upstreams, by route, upstream and status (status 0: no response).", "route", "upstream", "status");
        TimeToFirstAudio = factory.CreateHistogram("localai_router_time_to_first_audio_seconds", "From a speech request's arrival to its first audio byte sent, by upstream (cache for hits).", new HistogramConfiguration { LabelNames = ["upstream"], Buckets = LatencyBuckets });
        GenerationTime = factory.CreateHistogram("localai_router_generation_seconds", "From a speech request's arrival to its last byte sent, by upstream (cache for hits).", new HistogramConfiguration { LabelNames = ["upstream"], Buckets = LatencyBuckets });
        Fallbacks = factory.CreateCounter("localai_router_fallbacks_total", "Requests served by an upstream other than the preferred one, by upstream.", "upstream");
        Trips = factory.CreateCounter("localai_router_upstream_trips_total", "Times an upstream was taken out of service after failures.", "upstream");
        UpstreamUp = factory.CreateGauge("localai_router_upstream_up", "1 while an upstream is serving, 0 while it is tripped or down.", "upstream");
        QueueDepth = factory.CreateGauge("localai_router_queue_depth", "Jobs waiting in the durable queue.");
        UpstreamInFlight = factory.CreateGauge("localai_router_upstream_in_flight", "Requests this router has sent to an upstream group and whose response is not finished yet, by group (the configured upstream).", "group");
        QueueOldestAge = factory.CreateGauge("localai_router_queue_oldest_age_seconds", "Age of the oldest waiting job (0 when none).");
        QueuedJobs = factory.CreateCounter("localai_router_queue_jobs_total", "Jobs by outcome: queued, completed, failed, expired.", "outcome");
        CacheLookups = factory.CreateCounter("localai_router_cache_lookups_total", "Speech cache lookups by result: hit, miss, bypass.", "result");
        CacheBytes = factory.CreateGauge("localai_router_cache_bytes", "Bytes held by the speech cache.");
        VoiceRequests = factory.CreateCounter("localai_router_voice_requests_total", "Speech requests by voice: the library voice's name or the OpenAI voice name asked for; other for any other name.", "voice");
        RateLimited = factory.CreateCounter("localai_router_rate_limited_total", "Requests refused with 429 by a key's rate limit, by key name.", "key");
    }

    /// <summary>Requests sent to upstreams.</summary>
    public Counter UpstreamRequests { get; }

    /// <summary>Time to first audio byte.</summary>
    public Histogram TimeToFirstAudio { get; }

    /// <summary>Time to the last byte.</summary>
    public Histogram GenerationTime { get; }

    /// <summary>Fallback deliveries.</summary>
    public Counter Fallbacks { get; }

    /// <summary>Upstream trips.</summary>
    public Counter Trips { get; }

    /// <summary>Whether each upstream serves.</summary>
    public Gauge UpstreamUp { get; }

    /// <summary>Waiting jobs.</summary>
    public Gauge QueueDepth { get; }

    /// <summary>Requests in flight per upstream group (the autoscaling signal for live traffic, beside <see cref="QueueDepth"/>).</summary>
    public Gauge UpstreamInFlight { get; }

    /// <summary>Sets <see cref="UpstreamInFlight"/> for every configured group from its members' counts (0 for a group with none).</summary>
    public void SetInFlight(IEnumerable<UpstreamOptions> groups, IReadOnlyList<UpstreamStatus> members)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(members);
        foreach (var group in groups)
        {
            UpstreamInFlight.WithLabels(group.Name).Set(members.Where(member => member.Group == group.Name).Sum(member => member.InFlight));
        }
    }

    /// <summary>Age of the oldest waiting job.</summary>
    public Gauge QueueOldestAge { get; }

    /// <summary>Jobs by outcome.</summary>
    public Counter QueuedJobs { get; }

    /// <summary>Cache lookups by result.</summary>
    public Counter CacheLookups { get; }

    /// <summary>Bytes in the cache.</summary>
    public Gauge CacheBytes { get; }

    /// <summary>Speech requests per voice.</summary>
    public Counter VoiceRequests { get; }

    /// <summary>Rate-limit refusals per key.</summary>
    public Counter RateLimited { get; }
}
