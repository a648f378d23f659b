using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using LocalAi.Hosting.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LocalAi.Hosting.Security;

/// <summary>
/// Requires one of the configured API keys on every request except the <see cref="ApiKeyPolicy.OpenPaths"/> (and the
/// dashboard's page and files where <see cref="ApiKeyPolicy.DashboardOpen"/>). Accepted as <see cref="PresentedApiKey"/>
/// reads it and, only on endpoints marked with <see cref="ApiKeyInQueryExtensions.AllowApiKeyInQuery"/>, as
/// <c>?api_key=KEY</c>. Keys are compared as SHA-256 digests in constant time, every key each time. A missing or wrong
/// key is a 401 in the OpenAI envelope with <c>WWW-Authenticate: Bearer</c>. A key with a
/// <see cref="ApiKey.RequestsPerMinute"/> gets that many requests per fixed one-minute window; one more is a 429
/// <c>rate_limit_exceeded</c> with <c>Retry-After</c>, reported to <see cref="ApiKeyPolicy.RateLimited"/>.
/// </summary>
public sealed class ApiKeyMiddleware : IAsyncDisposable
{
    private const string QueryKey = "api_key";
    private readonly ApiKeyPolicy policy;
    private readonly (byte[] Digest, ApiKey Key)[] keys;
    private readonly PartitionedRateLimiter<ApiKey>? limiter;

    /// <summary>Creates the middleware for a policy with at least one key.</summary>
    public ApiKeyMiddleware(ApiKeyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfZero(policy.Keys.Count);
        this.policy = policy;
        keys = [.. policy.Keys.Select(key => (Digest(key.Key), key))];
        limiter = policy.Keys.Any(key => key.RequestsPerMinute is not null)
            ? PartitionedRateLimiter.Create<ApiKey, string>(key => key.RequestsPerMinute is { } perMinute
                ? RateLimitPartition.GetFixedWindowLimiter(key.Name, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(key.Name))
            : null;
    }

    /// <summary>Checks the key (and its rate), then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
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
        ApiKey? matched = null;
        foreach (var (known, key) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(known, digest))
            {
                matched = key;
            }
        }

        if (matched is null)
        {
            return Refuse(context, "Incorrect API key provided.");
        }

        return limiter is null ? next(context) : WithinRateAsync(context, next, matched, limiter);
    }

    /// <summary>Releases the rate limiter.</summary>
    public ValueTask DisposeAsync() => limiter?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task WithinRateAsync(HttpContext context, RequestDelegate next, ApiKey key, PartitionedRateLimiter<ApiKey> rates)
    {
        using var lease = rates.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            policy.RateLimited?.Invoke(key.Name);
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
            await OpenAiErrorWriter.WriteAsync(context.Response, OpenAiErrors.TooManyRequests(
                $"Rate limit reached for key '{key.Name}': {key.RequestsPerMinute?.ToString(CultureInfo.InvariantCulture)} requests per minute. Retry after {retryAfter} s.",
                Math.Max(1, retryAfter))).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private bool IsOpen(PathString path) =>
        (policy.DashboardOpen && (path.Value is "/" || path.StartsWithSegments("/ui", StringComparison.OrdinalIgnoreCase)))
        || policy.OpenPaths.Any(open => path.StartsWithSegments(open, StringComparison.OrdinalIgnoreCase));

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
    /// <summary>Requires a key of <paramref name="policy"/> on every request but its open paths; no keys leaves the API open. The middleware is disposed when the app stops.</summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app, ApiKeyPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Keys.Count == 0)
        {
            return app;
        }

        var access = new ApiKeyMiddleware(policy);
        app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(() => access.DisposeAsync().AsTask().GetAwaiter().GetResult());
        return app.Use(next => context => access.InvokeAsync(context, next));
    }
}
