using LocalAi.Hosting.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LocalAi.Hosting.Bodies;

/// <summary>The multipart (and url-encoded) forms of <see cref="BoundedBody"/>: a limit on each file and on the whole body.</summary>
public static partial class BoundedBody
{
    /// <summary>
    /// Reads a form whose files are each at most <paramref name="maxPartBytes"/> and whose whole body is at most
    /// <paramref name="maxTotalBytes"/> (the parts plus the framing and the other fields). Over either limit is a 413 that
    /// names <paramref name="maxPartBytes"/>, the limit a client chooses its file by; the whole-body limit also holds
    /// while reading a body that announces no length.
    /// </summary>
    /// <param name="context">The request's context.</param>
    /// <param name="maxPartBytes">The largest file part accepted.</param>
    /// <param name="maxTotalBytes">The largest whole body accepted.</param>
    /// <param name="expected">What the route reads, for the 415 (<c>multipart/form-data with 'name' and 'audio_sample'</c>).</param>
    /// <exception cref="OpenAiException">415 not a form, 413 over a limit, 400 <c>invalid_multipart</c> when it cannot be read.</exception>
    public static async Task<IFormCollection> ReadFormAsync(HttpContext context, long maxPartBytes, long maxTotalBytes, string expected)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sizeLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = maxTotalBytes;
        }

        var request = context.Request;
        if (!request.HasFormContentType)
        {
            throw OpenAiErrors.UnsupportedMediaType(request.ContentType, expected);
        }

        if (request.ContentLength > maxTotalBytes)
        {
            throw OpenAiErrors.PayloadTooLarge(maxPartBytes);
        }

        var form = await ReadWholeFormAsync(request, context.RequestAborted).ConfigureAwait(false);
        if (form.Files.Any(file => file.Length > maxPartBytes))
        {
            throw OpenAiErrors.PayloadTooLarge(maxPartBytes);
        }

        return form;
    }

    // A multipart body without a boundary, or cut off before its closing boundary, is the client's fault: a 400.
    private static async Task<IFormCollection> ReadWholeFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw OpenAiErrors.BadRequest($"The multipart/form-data body could not be read: {e.Message}", null, "invalid_multipart");
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested && e is not BadHttpRequestException)
        {
            throw OpenAiErrors.BadRequest($"The multipart/form-data body ended before its closing boundary: {e.Message}", null, "invalid_multipart");
        }
    }
}
