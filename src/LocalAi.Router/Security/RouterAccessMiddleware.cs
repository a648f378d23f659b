using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using LocalAi.Hosting.Errors;
using LocalAi.Hosting.Security;
using LocalAi.Router.Configuration;
using LocalAi.Router.Metrics;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Security;

/// <summary>
/// API keys with per-key rate limits. Every path but <c>/health</c> and <c>/metrics</c> needs a configured key (read as
/// <see cref="PresentedApiKey"/> reads it, compared as SHA-256 digests in constant time): none or a wrong one is a 401.
/// A key with <c>requestsPerMinute</c> gets that many requests per fixed one-minute window; one more is a 429
/// <c>rate_limit_exceeded</c> with <c>Retry-After</c>, counted in <c>localai_router_rate_limited_total</c> by the key's name.
/// </summary>
internal sealed class RouterAccessMiddleware : IAsyncDisposable
{
    private static readonly string[] OpenPaths = ["/health", "/metrics"];
    private readonly RouterMetrics metrics;
    private readonly (byte[] Digest, ApiKeyOptions Key)[] keys;
    private readonly PartitionedRateLimiter<ApiKeyOptions> limiter;

    public RouterAccessMiddleware(IReadOnlyList<ApiKeyOptions> keys, RouterMetrics metrics)
    {
        this.metrics = metrics;
        this.keys = [.. keys.Select(key => (Digest(key.Key), key))];
        limiter = PartitionedRateLimiter.Create<ApiKeyOptions, string>(key => key.RequestsPerMinute is { } perMinute
            ? RateLimitPartition.GetFixedWindowLimiter(key.Name, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter(key.Name));
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (OpenPaths.Any(open => context.Request.Path.StartsWithSegments(open, StringComparison.OrdinalIgnoreCase)))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var presented = PresentedApiKey.From(context.Request);
        if (presented is null)
        {
            await RefuseAsync(context, "Missing API key: send it as 'Authorization: Bearer YOUR_KEY'.").ConfigureAwait(false);
            return;
        }

        var digest = Digest(presented);
        ApiKeyOptions? matched = null;
        foreach (var (known, key) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(known, digest))
            {
                matched = key;
            }
        }

        if (matched is null)
        {
            await RefuseAsync(context, "Incorrect API key provided.").ConfigureAwait(false);
            return;
        }

        using var lease = limiter.AttemptAcquire(matched);
        if (!lease.IsAcquired)
        {
            metrics.RateLimited.WithLabels(matched.Name).Inc();
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
            await OpenAiErrorWriter.WriteAsync(context.Response, OpenAiErrors.TooManyRequests(
                $"Rate limit reached for key '{matched.Name}': {matched.RequestsPerMinute?.ToString(CultureInfo.InvariantCulture)} requests per minute. Retry after {retryAfter} s.",
                Math.Max(1, retryAfter))).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => limiter.DisposeAsync();

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static Task RefuseAsync(HttpContext context, string message)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return OpenAiErrorWriter.WriteAsync(context.Response, OpenAiErrors.Unauthorized(message));
    }
}
