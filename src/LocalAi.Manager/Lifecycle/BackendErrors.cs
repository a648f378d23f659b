using LocalAi.Hosting.Errors;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Manager.Lifecycle;

/// <summary>The OpenAI-envelope errors of the manager: a backend that failed (502) or cannot be started now (503).</summary>
public static class BackendErrors
{
    /// <summary>502: the backend could not be started, exited, or dropped the request.</summary>
    public static OpenAiException Failed(string message) =>
        new(StatusCodes.Status502BadGateway, new OpenAiError(message, OpenAiErrorTypes.Server, null, "backend_failed"));

    /// <summary>503: the backend did not become healthy in time, or may not start now (gaming mode, GPU memory).</summary>
    public static OpenAiException Unavailable(string message, string code, int? retryAfterSeconds = null) =>
        OpenAiErrors.ServiceUnavailable(message, retryAfterSeconds, code);
}
