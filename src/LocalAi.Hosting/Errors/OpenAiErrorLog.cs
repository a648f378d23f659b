using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalAi.Hosting.Errors;

/// <summary>What <see cref="OpenAiErrorMiddleware"/> writes to the service log about a failed request.</summary>
internal static partial class OpenAiErrorLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: {Status} {Message}")]
    public static partial void Answered(ILogger logger, string method, PathString path, int status, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string method, PathString path);
}
