using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalAi.Hosting.Errors;

/// <summary>
/// Turns every failure of a request into the OpenAI envelope: <see cref="OpenAiException"/> as it says, Kestrel's
/// body-size refusal as 413, anything else as 500, and bodiless 404/405 answers of routing as envelopes too.
/// A failure after the response started cannot change the status; the connection is then aborted so the client
/// sees a truncated body instead of a complete-looking one.
/// </summary>
public sealed class OpenAiErrorMiddleware(RequestDelegate next, ILogger<OpenAiErrorMiddleware> logger)
{
    /// <summary>Runs the rest of the pipeline and maps its failures.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await next(context).ConfigureAwait(false);
            if (!context.Response.HasStarted && context.Response.StatusCode is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed
                && context.Response.ContentLength is null && context.Response.ContentType is null
                && (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed || context.GetEndpoint() is null))
            {
                await OpenAiErrorWriter.WriteAsync(context.Response, RouteError(context)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; there is nobody to answer.
        }
        catch (Exception e)
        {
            var error = Map(e);
            if (e is OpenAiException { InnerException: null } && error.StatusCode >= StatusCodes.Status500InternalServerError)
            {
                // A 502/503 the code chose to answer (no upstream, gaming mode, a model that failed to load) is an
                // expected state with a message that says it all; a stack trace per request would only bury it.
                OpenAiErrorLog.Answered(logger, context.Request.Method, context.Request.Path, error.StatusCode, error.Error.Message);
            }
            else if (error.StatusCode >= StatusCodes.Status500InternalServerError)
            {
                OpenAiErrorLog.Failed(logger, e, context.Request.Method, context.Request.Path);
            }

            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            context.Response.Clear();
            await OpenAiErrorWriter.WriteAsync(context.Response, error).ConfigureAwait(false);
        }
    }

    private static OpenAiException Map(Exception e) => e switch
    {
        OpenAiException openAi => openAi,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => OpenAiErrors.PayloadTooLarge(null),
        BadHttpRequestException bad => OpenAiErrors.BadRequest(bad.Message),
        _ => OpenAiErrors.ServerError("The server failed while handling the request; see the server log."),
    };

    private static OpenAiException RouteError(HttpContext context) => context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed
        ? new OpenAiException(StatusCodes.Status405MethodNotAllowed, new OpenAiError(
            $"Method {context.Request.Method} is not allowed on {context.Request.Path}.", OpenAiErrorTypes.InvalidRequest, null, null))
        : OpenAiErrors.NotFound($"Invalid URL ({context.Request.Method} {context.Request.Path}).");
}

/// <summary>Registers <see cref="OpenAiErrorMiddleware"/>.</summary>
public static class OpenAiErrorMiddlewareExtensions
{
    /// <summary>Adds the middleware; put it first so it sees every failure.</summary>
    public static IApplicationBuilder UseOpenAiErrors(this IApplicationBuilder app) => app.UseMiddleware<OpenAiErrorMiddleware>();
}
