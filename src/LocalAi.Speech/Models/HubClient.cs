using System.Net;
using System.Net.Http.Headers;

namespace LocalAi.Speech.Models;

/// <summary>
/// Talks to the hub: a HEAD that stops at the first answer (where the LFS headers are), and GETs that follow
/// redirects by hand so the token never leaves the endpoint's origin.
/// </summary>
internal sealed class HubClient(HttpClient http, string? token, RetryPolicy retry)
{
    private const int MaxRedirects = 10;

    /// <summary>The file's metadata, or null when the hub answers 404.</summary>
    public Task<HubFileMetadata?> HeadAsync(Uri url, CancellationToken cancellationToken) =>
        retry.RunAsync(url.AbsoluteUri, async () =>
        {
            var current = url;
            string? commit = null;
            for (var hop = 0; ; hop++)
            {
                using var request = NewRequest(HttpMethod.Head, current, withToken: true);
                using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
                commit ??= Header(response, "X-Repo-Commit");
                // Renamed repositories and cached small files answer with a redirect on the hub itself, before any
                // LFS headers: follow those.
                if (IsRedirect(response) && !HasLinkedHeaders(response) && hop < MaxRedirects
                    && response.Headers.Location is { } location && HubUrls.SameOrigin(new Uri(current, location), current))
                {
                    current = new Uri(current, location);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                return response.IsSuccessStatusCode || IsRedirect(response) ? Metadata(url, response, commit) : throw Failure(response, current);
            }
        }, cancellationToken);

    /// <summary>
    /// GETs the file, from <paramref name="from"/> when resuming. The answer is 200, 206 or 416; anything else throws.
    /// The caller disposes the response.
    /// </summary>
    public async Task<HttpResponseMessage> GetAsync(Uri url, long? from, CancellationToken cancellationToken)
    {
        var current = url;
        var withToken = true;
        for (var hop = 0; ; hop++)
        {
            using var request = NewRequest(HttpMethod.Get, current, withToken);
            if (from is { } start)
            {
                request.Headers.Range = new RangeHeaderValue(start, null);
            }

            var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (IsRedirect(response) && response.Headers.Location is { } location && hop < MaxRedirects)
            {
                var next = new Uri(current, location);
                withToken &= HubUrls.SameOrigin(next, current);
                current = next;
                response.Dispose();
                continue;
            }

            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                return response;
            }

            using (response)
            {
                throw Failure(response, current);
            }
        }
    }

    private HttpRequestMessage NewRequest(HttpMethod method, Uri url, bool withToken)
    {
        var request = new HttpRequestMessage(method, url);
        // A compressed answer would make Content-Length the compressed size, not the file's.
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        if (withToken && token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError)
        {
            throw new ModelStoreException(
                ModelStoreErrorKind.Offline,
                $"Could not reach {request.RequestUri} ({e.Message}). This machine seems to be offline or cannot reach the hub. "
                + "Copy the model directory from a machine that has it and pass --model-dir, or set HF_ENDPOINT to a reachable mirror.",
                e);
        }
    }

    private static HubFileMetadata Metadata(Uri url, HttpResponseMessage response, string? commit)
    {
        var linkedSize = Header(response, "X-Linked-Size");
        var size = long.TryParse(linkedSize, out var parsed) ? parsed : response.Content.Headers.ContentLength;
        var etag = Header(response, "X-Linked-Etag")?.Replace("W/", "", StringComparison.Ordinal).Trim('"');
        var sha256 = etag is { Length: 64 } && etag.All(char.IsAsciiHexDigit) ? etag.ToLowerInvariant() : null;
        return new HubFileMetadata(url, size, sha256, commit);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static bool HasLinkedHeaders(HttpResponseMessage response) =>
        response.Headers.Contains("X-Linked-Size") || response.Headers.Contains("X-Linked-Etag");

    private static bool IsRedirect(HttpResponseMessage response) => (int)response.StatusCode is >= 300 and < 400;

    private static Exception Failure(HttpResponseMessage response, Uri url)
    {
        var code = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ModelStoreException(
                ModelStoreErrorKind.Unauthorized,
                $"The hub refused {url} ({code} {response.ReasonPhrase}). The repository may be gated or private: "
                + "set HF_TOKEN (or --token) to a Hugging Face access token that can read it."),
            HttpStatusCode.NotFound => new ModelStoreException(ModelStoreErrorKind.NotFound, $"{url} was not found (404)."),
            HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => new HubTransientException($"{url} answered {code}."),
            _ when code >= 500 => new HubTransientException($"{url} answered {code} {response.ReasonPhrase}."),
            _ => new ModelStoreException(ModelStoreErrorKind.Http, $"{url} answered {code} {response.ReasonPhrase}."),
        };
    }
}
