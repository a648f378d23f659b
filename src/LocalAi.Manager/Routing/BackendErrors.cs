using LocalAi.Hosting.Errors;
using LocalAi.Manager.Lifecycle;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Manager.Routing;

/// <summary>The manager's backend errors in the OpenAI envelope: a backend that failed (502) or cannot serve now (503).</summary>
internal static class BackendErrors
{
    /// <summary>502: the backend could not be started, exited, or dropped the request.</summary>
    public static OpenAiException Failed(string message) =>
        new(StatusCodes.Status502BadGateway, new OpenAiError(message, OpenAiErrorTypes.Server, null, "backend_failed"));

    /// <summary>The answer to a lifecycle's refusal or failed start.</summary>
    public static OpenAiException From(ModelUnavailableException unavailable) => unavailable.Failure switch
    {
        ModelFailure.StartTimedOut => OpenAiErrors.ServiceUnavailable(unavailable.Message, null, "backend_start_timeout"),
        ModelFailure.GamingMode => OpenAiErrors.ServiceUnavailable(unavailable.Message, 60, "gaming_mode"),
        ModelFailure.InsufficientGpuMemory => OpenAiErrors.ServiceUnavailable(unavailable.Message, 5, "insufficient_gpu_memory"),
        ModelFailure.ShuttingDown => OpenAiErrors.ServiceUnavailable(unavailable.Message, null, "shutting_down"),
        _ => Failed(unavailable.Message),
    };
}
