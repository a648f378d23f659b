using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Upstreams;

/// <summary>How the router's upstreams come, go and change health, for the router log.</summary>
internal static partial class UpstreamLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not resolve {Host} for upstream {Upstream}, keeping its {Count} known addresses: {Error}")]
    public static partial void ResolveFailed(ILogger logger, string host, string upstream, int count, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upstream {Upstream} joined at {Url}")]
    public static partial void Joined(ILogger logger, string upstream, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upstream {Upstream} left: its address no longer resolves")]
    public static partial void Left(ILogger logger, string upstream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream {Upstream} tripped after {Threshold} failures within {Window}; last: {Reason}")]
    public static partial void Tripped(ILogger logger, string upstream, int threshold, TimeSpan window, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upstream {Upstream} is not serving: {Reason}")]
    public static partial void NotServing(ILogger logger, string upstream, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Upstream {Upstream} is serving")]
    public static partial void Serving(ILogger logger, string upstream);
}
