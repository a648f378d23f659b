using LocalAi.Hosting.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace LocalAi.WebUi;

/// <summary>
/// Serves one of the embedded dashboards: <c>GET /</c> is the app's page, <c>GET /ui/{app}/…</c> and
/// <c>GET /ui/shared/…</c> its scripts and styles. Every answer carries a strong ETag (a matching
/// <c>If-None-Match</c> is a 304) and <c>Cache-Control: no-cache</c>, so browsers revalidate instead of running an
/// old script after an upgrade. Only the embedded files exist: there is no directory listing and no disk access.
/// </summary>
public static class WebUiEndpoints
{
    // The pages load everything from this server; media and downloads use blob: URLs made by the scripts.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Maps the dashboard called <paramref name="app"/> (<c>tts</c> or <c>manager</c>) at <c>/</c> and <c>/ui/</c>.</summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="app">The folder of web/dist that holds the app's <c>index.html</c>.</param>
    /// <exception cref="ArgumentException">No embedded app has that name.</exception>
    public static void MapWebUi(this IEndpointRouteBuilder endpoints, string app)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(app);
        var index = $"{app}/index.html";
        if (!WebAssets.Files.ContainsKey(index))
        {
            throw new ArgumentException($"No web app '{app}' is embedded (known: {string.Join(", ", WebAssets.Files.Keys.Where(key => key.EndsWith("/index.html", StringComparison.Ordinal)).Select(key => key.Split('/')[0]))}).", nameof(app));
        }

        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        endpoints.MapMethods("/", methods, context => ServeAsync(context, index));
        endpoints.MapMethods("/ui/{**path}", methods, context =>
        {
            var path = context.Request.RouteValues["path"] as string ?? string.Empty;
            var visible = path.StartsWith(app + "/", StringComparison.Ordinal) || path.StartsWith("shared/", StringComparison.Ordinal);
            return visible ? ServeAsync(context, path) : throw NotFound(context);
        });
    }

    private static Task ServeAsync(HttpContext context, string path)
    {
        if (!WebAssets.Files.TryGetValue(path, out var asset))
        {
            throw NotFound(context);
        }

        var response = context.Response;
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        if (path.EndsWith(".html", StringComparison.Ordinal))
        {
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers["Referrer-Policy"] = "no-referrer";
        }

        if (context.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } tags && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Equals(asset.ETag, StringComparison.Ordinal)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    private static OpenAiException NotFound(HttpContext context) => OpenAiErrors.NotFound($"Invalid URL ({context.Request.Method} {context.Request.Path}).");
}
