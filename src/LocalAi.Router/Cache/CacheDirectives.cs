namespace LocalAi.Router.Cache;

/// <summary>What a request's <c>Cache-Control</c> allows: <c>no-store</c> keeps it out of the cache entirely; <c>no-cache</c> renders afresh and stores the result.</summary>
/// <param name="MayRead">False for <c>no-cache</c> or <c>no-store</c>.</param>
/// <param name="MayWrite">False for <c>no-store</c>.</param>
internal readonly record struct CacheDirectives(bool MayRead, bool MayWrite)
{
    /// <summary>The directives of a request's <c>Cache-Control</c> header values.</summary>
    public static CacheDirectives Of(IEnumerable<string?> cacheControl)
    {
        ArgumentNullException.ThrowIfNull(cacheControl);
        var directives = cacheControl
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var noStore = directives.Contains("no-store", StringComparer.OrdinalIgnoreCase);
        var noCache = directives.Contains("no-cache", StringComparer.OrdinalIgnoreCase);
        return new CacheDirectives(!noStore && !noCache, !noStore);
    }
}
