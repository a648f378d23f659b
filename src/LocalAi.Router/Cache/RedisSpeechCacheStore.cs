using StackExchange.Redis;

namespace LocalAi.Router.Cache;

/// <summary>
/// Renderings in Redis, shared by several routers: one string per key that expires after the configured time, and
/// one hash of the model versions last seen. Redis evicts by its own policy; the router keeps no index.
/// </summary>
internal sealed class RedisSpeechCacheStore : ISpeechCacheStore
{
    private const string Prefix = "localai:router:cache:";
    private static readonly RedisKey ModelVersions = Prefix + "model-versions";

    private readonly ConnectionMultiplexer connection;
    private readonly TimeSpan timeToLive;

    private RedisSpeechCacheStore(ConnectionMultiplexer connection, TimeSpan timeToLive)
    {
        this.connection = connection;
        this.timeToLive = timeToLive;
    }

    private IDatabase Database => connection.GetDatabase();

    /// <summary>Connects to Redis.</summary>
    public static async Task<RedisSpeechCacheStore> ConnectAsync(string configuration, TimeSpan timeToLive) =>
        new(await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false), timeToLive);

    public async Task<CachedSpeech?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        var stored = await Database.StringGetAsync(Prefix + key).ConfigureAwait(false);
        if (stored.IsNull)
        {
            return null;
        }

        var entry = CachedSpeechFormat.TryRead((byte[])stored!);
        if (entry is null)
        {
            await Database.KeyDeleteAsync(Prefix + key).ConfigureAwait(false);
        }

        return entry;
    }

    public Task PutAsync(string key, CachedSpeech entry, CancellationToken cancellationToken) =>
        Database.StringSetAsync(Prefix + key, CachedSpeechFormat.Write(entry), timeToLive);

    public async Task<string?> GetModelVersionAsync(string model, CancellationToken cancellationToken) =>
        await Database.HashGetAsync(ModelVersions, model).ConfigureAwait(false) is { IsNull: false } version ? (string?)version : null;

    public Task SetModelVersionAsync(string model, string version, CancellationToken cancellationToken) =>
        Database.HashSetAsync(ModelVersions, model, version);

    public async ValueTask DisposeAsync() => await connection.DisposeAsync().ConfigureAwait(false);
}
