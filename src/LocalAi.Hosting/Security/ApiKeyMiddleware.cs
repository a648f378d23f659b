using System.Security.Cryptography;
using System.Text;
using LocalAi.Hosting.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Hosting.Security;

/// <summary>
/// Requires one of the configured API keys on every request except health probes, metrics and the dashboard's page
/// and files (<c>/</c>, <c>/ui/…</c>). Accepted as
/// <c>Authorization: Bearer KEY</c> (what the OpenAI SDKs send), <c>x-api-key: KEY</c>, or the password of
/// <c>Authorization: Basic</c>; and, only on endpoints marked with <see cref="ApiKeyInQueryExtensions.AllowApiKeyInQuery"/>,
/// as <c>?api_key=KEY</c>. Keys are compared as SHA-256 digests in constant time. A missing or wrong key is a 401
/// in the OpenAI envelope with <c>WWW-Authenticate: Bearer</c>.
/// </summary>
public sealed class ApiKeyMiddleware
{
    private const string QueryKey = "api_key";
    // The dashboard (its page at "/" and its files under "/ui") holds no data; its scripts ask for the key and send it.
    private static readonly string[] OpenPaths = ["/health", "/metrics", "/ui"];
    private readonly RequestDelegate next;
    private readonly byte[][] digests;

    /// <summary>Creates the middleware for a set of keys (at least one).</summary>
    public ApiKeyMiddleware(RequestDelegate next, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfZero(keys.Count);
        this.next = next;
        digests = [.. keys.Select(Digest)];
    }

    /// <summary>Checks the key, then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsOpen(context.Request.Path))
        {
            return next(context);
        }

        var presented = PresentedApiKey.From(context.Request) ?? QueryKeyWhereAllowed(context);
        if (presented is null)
        {
            return Refuse(context, "Missing API key: send it as 'Authorization: Bearer YOUR_KEY'.");
        }

        var digest = Digest(presented);
        var accepted = false;
        foreach (var known in digests)
        {
            accepted |= CryptographicOperations.FixedTimeEquals(known, digest);
        }

        return accepted ? next(context) : Refuse(context, "Incorrect API key provided.");
    }

    private static bool IsOpen(PathString path) =>
        path.Value is "/" || OpenPaths.Any(open => path.StartsWithSegments(open, StringComparison.OrdinalIgnoreCase));

    // Browsers cannot set headers on EventSource, so a stream endpoint may opt in to the key in the URL; nowhere
    // else, because URLs end up in logs and browser history.
    private static string? QueryKeyWhereAllowed(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyInQueryAllowed>() is not null
        && context.Request.Query[QueryKey].ToString() is { Length: > 0 } key
            ? key.Trim()
            : null;

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static Task Refuse(HttpContext context, string message)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return OpenAiErrorWriter.WriteAsync(context.Response, OpenAiErrors.Unauthorized(message));
    }
}

/// <summary>Registers <see cref="ApiKeyMiddleware"/>.</summary>
public static class ApiKeyMiddlewareExtensions
{
    /// <summary>Requires one of <paramref name="keys"/> on every request but health, metrics and the dashboard; no keys leaves the API open.</summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app, IReadOnlyCollection<string>? keys) =>
        keys is null || keys.Count == 0 ? app : app.UseMiddleware<ApiKeyMiddleware>(keys);
}

/// <summary>Endpoint metadata: this endpoint also accepts the API key as <c>?api_key=KEY</c>.</summary>
public sealed class ApiKeyInQueryAllowed
{
    /// <summary>The one instance (the marker carries no data).</summary>
    public static ApiKeyInQueryAllowed Instance { get; } = new();

    private ApiKeyInQueryAllowed()
    {
    }
}

/// <summary>Marks endpoints whose clients cannot send headers (a browser's <c>EventSource</c>).</summary>
public static class ApiKeyInQueryExtensions
{
    /// <summary>Lets <see cref="ApiKeyMiddleware"/> accept the key as <c>?api_key=KEY</c> on this endpoint only.</summary>
    public static TBuilder AllowApiKeyInQuery<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ApiKeyInQueryAllowed.Instance);
}
