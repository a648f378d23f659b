using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Hosting.Errors;

/// <summary>Writes an <see cref="OpenAiException"/> as a response: status, <c>Retry-After</c> and the JSON envelope.</summary>
public static class OpenAiErrorWriter
{
    // Messages quote names ('voice'); the default encoder would send them as \u0027, which reads badly in logs and curl.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON of an envelope, nulls written out.</summary>
    public static string Serialize(OpenAiError error) => JsonSerializer.Serialize(new OpenAiErrorEnvelope(error), Json);

    /// <summary>Writes the error; the response must not have started.</summary>
    public static async Task WriteAsync(HttpResponse response, OpenAiException error)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(error);
        response.StatusCode = error.StatusCode;
        if (error.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        response.ContentType = "application/json";
        await response.WriteAsync(Serialize(error.Error), response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The error as a minimal-API result.</summary>
    public static IResult ToResult(this OpenAiException error) => new OpenAiErrorResult(error);

    private sealed class OpenAiErrorResult(OpenAiException error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext.Response, error);
    }
}
