namespace LocalAi.Router.Configuration;

/// <summary>The content-addressed speech cache.</summary>
public sealed record CacheOptions
{
    /// <summary>Whether the cache is used (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>disk</c> (default, a size-capped LRU folder in the data directory) or <c>redis</c>.</summary>
    public string Store { get; init; } = "disk";

    /// <summary>The most bytes the disk cache keeps before it evicts the least recently used (default 1 GiB).</summary>
    public long MaxBytes { get; init; } = 1L << 30;

    /// <summary>Also cache sampled renderings without a fixed seed (default false: only greedy or seeded requests are cached).</summary>
    public bool CacheNonDeterministic { get; init; }

    /// <summary>How long a Redis cache entry lives (default 7 days; the disk cache evicts by size only).</summary>
    public TimeSpan RedisTimeToLive { get; init; } = TimeSpan.FromDays(7);
}
