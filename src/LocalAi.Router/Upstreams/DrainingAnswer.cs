using System.Net;
using System.Text.Json;

namespace LocalAi.Router.Upstreams;

/// <summary>Reads a health probe's answer for the draining signal: a 503 whose JSON body has <c>"status": "draining"</c>.</summary>
internal static class DrainingAnswer
{
    // A health body is a few dozen bytes; anything longer is not the signal.
    private const int MaxBodyBytes = 4096;

    public static async Task<bool> IsDrainingAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Content.Headers.ContentLength is > MaxBodyBytes)
        {
            return false;
        }

        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.String
                && status.GetString() == "draining";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
