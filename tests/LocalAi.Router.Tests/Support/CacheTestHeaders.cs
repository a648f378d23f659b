using System.Net.Http.Headers;

namespace LocalAi.Router.Tests.Support;

/// <summary>Reads a response's header, or null.</summary>
public static class CacheTestHeaders
{
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First()
        : response.Content.Headers.TryGetValues(name, out var content) ? content.First() : null;

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;
}
