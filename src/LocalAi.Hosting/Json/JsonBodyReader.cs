using System.Text.Json;
using LocalAi.Hosting.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LocalAi.Hosting.Json;

/// <summary>
/// Reads a JSON request body into a type, turning every way it can be wrong into an OpenAI error: a content type
/// that is not JSON (415), a body over the limit (413, checked before and while reading), malformed JSON or a
/// value of the wrong type (400 naming the field), and an empty body (400).
/// </summary>
public static class JsonBodyReader
{
    /// <summary>Reads and deserializes the body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Serializer options (naming, converters).</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <exception cref="OpenAiException">The body is not acceptable JSON of <typeparamref name="T"/>.</exception>
    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, long maxBytes)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            throw OpenAiErrors.UnsupportedMediaType(request.ContentType, "application/json");
        }

        if (request.ContentLength > maxBytes)
        {
            throw OpenAiErrors.PayloadTooLarge(maxBytes);
        }

        var body = await ReadLimitedAsync(request.Body, maxBytes, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw OpenAiErrors.BadRequest("The request body is empty: send a JSON object.");
        }

        JsonStrings.EnsureReadable(body.Span);
        try
        {
            return JsonSerializer.Deserialize<T>(body.Span, options)
                ?? throw OpenAiErrors.BadRequest("The request body is JSON null: send a JSON object.");
        }
        catch (JsonException e)
        {
            var field = e.Path is null or "$" ? null : e.Path.TrimStart('$', '.');
            throw OpenAiErrors.BadRequest(
                $"We could not parse the JSON body of your request{(field is null ? "" : $" (at '{field}')")}: {e.Message} " +
                "The body must be a JSON object; see https://platform.openai.com/docs/api-reference.",
                field);
        }
    }

    /// <summary>Whether a content type is JSON (<c>application/json</c> or <c>*/*+json</c>, any parameters).</summary>
    public static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<ReadOnlyMemory<byte>> ReadLimitedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw OpenAiErrors.PayloadTooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
