using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Metrics;
using LocalAi.Router.Upstreams;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router;

/// <summary>The router's shared parts, handed to each feature (queue, cache, voices) when the app is built.</summary>
/// <param name="Options">The validated configuration.</param>
/// <param name="Upstreams">The upstreams and their health.</param>
/// <param name="Dispatcher">Sends speech requests with failover.</param>
/// <param name="Metrics">The Prometheus series.</param>
/// <param name="Time">The clock (a fake one in tests).</param>
/// <param name="Loggers">Loggers.</param>
public sealed record RouterParts(
    RouterOptions Options,
    IUpstreamPool Upstreams,
    ISpeechDispatcher Dispatcher,
    RouterMetrics Metrics,
    TimeProvider Time,
    ILoggerFactory Loggers);
