using LocalAi.Router.Configuration;
using LocalAi.Router.Metrics;

namespace LocalAi.Router.Cache;

/// <summary>Opens the store <see cref="CacheOptions.Store"/> names: <c>&lt;DataDirectory&gt;/cache</c> on disk, or Redis.</summary>
internal static class SpeechCacheStores
{
    /// <summary>
    /// Checks the configuration now and returns what opens the store (scans the folder or connects to Redis); the cache
    /// calls it once, on start or on its first request.
    /// </summary>
    /// <exception cref="ArgumentException">The store is neither <c>disk</c> nor <c>redis</c>, or it is <c>redis</c> without <see cref="RouterOptions.Redis"/>.</exception>
    public static Func<Task<ISpeechCacheStore>> Opener(RouterOptions options, RouterMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cache = options.Cache;
        var redis = cache.Store.Equals("redis", StringComparison.OrdinalIgnoreCase);
        if (!(redis || cache.Store.Equals("disk", StringComparison.OrdinalIgnoreCase)) || (redis && string.IsNullOrWhiteSpace(options.Redis)))
        {
            throw new ArgumentException($"The cache store must be 'disk' or 'redis' (with a Redis connection string); it is '{cache.Store}'.", nameof(options));
        }

        if (redis)
        {
            return async () => await RedisSpeechCacheStore.ConnectAsync(options.Redis!, cache.RedisTimeToLive).ConfigureAwait(false);
        }

        return async () =>
        {
            var disk = new DiskSpeechCacheStore(Path.Combine(options.DataDirectory, "cache"), cache.MaxBytes, metrics, time);
            await disk.LoadAsync().ConfigureAwait(false);
            return disk;
        };
    }
}
