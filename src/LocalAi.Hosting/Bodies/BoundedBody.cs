using System.Text.Json;
using LocalAi.Hosting.Errors;
using LocalAi.Hosting.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LocalAi.Hosting.Bodies;

/// <summary>
/// The one reader of request bodies for the three services, turning every way a body can be wrong into an OpenAI error:
/// a content type the route does not read (415), a body over the limit (413, checked from <c>Content-Length</c> before
/// reading and again while reading), malformed JSON or a value of the wrong type (400 naming the field), an empty body
/// (400), and a multipart form that cannot be read (400 <c>invalid_multipart</c>).
/// </summary>
public static partial class BoundedBody
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Reads and deserializes a JSON body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">Serializer options (naming, converters).</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <exception cref="OpenAiException">The body is not acceptable JSON of <typeparamref name="T"/>.</exception>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, JsonSerializerOptions options, long maxBytes)
        where T : class
    {
        RequireJson(request);
        var body = await ReadBytesAsync(request, maxBytes).ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw OpenAiErrors.BadRequest("The request body is empty: send a JSON object.");
        }

        JsonStrings.EnsureReadable(body.AsSpan());
        try
        {
            return JsonSerializer.Deserialize<T>(body.AsSpan(), options)
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

    /// <summary>Reads the whole body, whatever its content type, refusing one over <paramref name="maxBytes"/> with 413.</summary>
    /// <exception cref="OpenAiException">413: the body is announced or found to be larger than the limit.</exception>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            throw OpenAiErrors.PayloadTooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw OpenAiErrors.PayloadTooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Refuses with 415 a request whose content type is not JSON.</summary>
    /// <exception cref="OpenAiException">415: the content type is not JSON.</exception>
    public static void RequireJson(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType))
        {
            throw OpenAiErrors.UnsupportedMediaType(request.ContentType, "application/json");
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
}
