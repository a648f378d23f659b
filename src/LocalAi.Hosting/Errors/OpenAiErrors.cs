using Microsoft.AspNetCore.Http;

namespace LocalAi.Hosting.Errors;

/// <summary>The errors the services send, by status, with the OpenAI <c>type</c> each status carries.</summary>
public static class OpenAiErrors
{
    /// <summary>400: a bad field value or a malformed body.</summary>
    public static OpenAiException BadRequest(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, new OpenAiError(message, OpenAiErrorTypes.InvalidRequest, param, code));

    /// <summary>401: no API key, or a wrong one.</summary>
    public static OpenAiException Unauthorized(string message) =>
        new(StatusCodes.Status401Unauthorized, new OpenAiError(message, OpenAiErrorTypes.Authentication, null, "invalid_api_key"));

    /// <summary>404 for an unknown model, in OpenAI's words and code.</summary>
    public static OpenAiException ModelNotFound(string model, string hint) =>
        new(StatusCodes.Status404NotFound, new OpenAiError(
            $"The model '{model}' does not exist or you do not have access to it. {hint}", OpenAiErrorTypes.InvalidRequest, "model", "model_not_found"));

    /// <summary>404: a resource (a voice, a route) does not exist.</summary>
    public static OpenAiException NotFound(string message, string? param = null) =>
        new(StatusCodes.Status404NotFound, new OpenAiError(message, OpenAiErrorTypes.NotFound, param, null));

    /// <summary>409: the resource conflicts with an existing one (a taken name).</summary>
    public static OpenAiException Conflict(string message, string? param = null) =>
        new(StatusCodes.Status409Conflict, new OpenAiError(message, OpenAiErrorTypes.InvalidRequest, param, "conflict"));

    /// <summary>413: the body is larger than the limit (named when known).</summary>
    public static OpenAiException PayloadTooLarge(long? limitBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, new OpenAiError(
            limitBytes is { } limit ? $"The request body is larger than the limit of {limit} bytes." : "The request body is larger than the server accepts.",
            OpenAiErrorTypes.InvalidRequest, null, "request_too_large"));

    /// <summary>415: the body is not in a content type the endpoint reads.</summary>
    public static OpenAiException UnsupportedMediaType(string? got, string expected) =>
        new(StatusCodes.Status415UnsupportedMediaType, new OpenAiError(
            $"Unsupported Content-Type '{got ?? "(none)"}': send {expected}.", OpenAiErrorTypes.InvalidRequest, null, "unsupported_media_type"));

    /// <summary>429 with <c>Retry-After</c>: the server is busy; the OpenAI SDKs retry it.</summary>
    public static OpenAiException TooManyRequests(string message, int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, new OpenAiError(message, OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"), retryAfterSeconds);

    /// <summary>503: the service cannot serve now (model loading or failed to load).</summary>
    public static OpenAiException ServiceUnavailable(string message, int? retryAfterSeconds = null, string? code = null) =>
        new(StatusCodes.Status503ServiceUnavailable, new OpenAiError(message, OpenAiErrorTypes.Server, null, code), retryAfterSeconds);

    /// <summary>507: the server has no room to store what the request asked it to keep; nothing was kept.</summary>
    public static OpenAiException InsufficientStorage(string message) =>
        new(StatusCodes.Status507InsufficientStorage, new OpenAiError(message, OpenAiErrorTypes.Server, null, "insufficient_storage"));

    /// <summary>500: the server failed.</summary>
    public static OpenAiException ServerError(string message, Exception? inner = null) =>
        new(StatusCodes.Status500InternalServerError, new OpenAiError(message, OpenAiErrorTypes.Server, null, null), null, inner);
}
