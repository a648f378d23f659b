using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace LocalAi.Manager.Routing;

/// <summary>What the manager's proxy writes to the log about a request it could not forward.</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Model}: proxying {Path} failed ({Error}): {Reason}")]
    public static partial void Failed(ILogger logger, string model, PathString path, ForwarderError error, string? reason);
}
