using LocalAi.Hosting.Errors;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Routing;

/// <summary>Reads a whole request body, refusing one over the limit with 413 (announced or found while reading).</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            throw OpenAiErrors.PayloadTooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
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
}
