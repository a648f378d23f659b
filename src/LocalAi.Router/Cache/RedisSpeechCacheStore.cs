using LocalAi.Router.Redis;
using StackExchange.Redis;

namespace LocalAi.Router.Cache;

/// <summary>
/// Renderings in Redis, shared by several routers: one string per key that expires after the configured time, one hash
/// per key of its variants (<c>&lt;key&gt;:variants</c>, a field per variant) that expires with it, and one hash of the
/// model versions last seen. Redis evicts by its own policy; the router keeps no index. Every read checks the SHA-256,
/// as other routers write the same keys.
/// </summary>
internal sealed class RedisSpeechCacheStore : ISpeechCacheStore
{
    private const string Prefix = "localai:router:cache:";
    private static readonly RedisKey ModelVersions = Prefix + "model-versions";

    /// <summary>
    /// Stores a variant only while its entry exists, and gives the variants the entry's remaining time to live, in one
    /// atomic step, so they never outlive it (nor appear for an entry that just expired).
    /// </summary>
    private const string PutVariantScript = """
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl == -2 then return 0 end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) else redis.call('PERSIST', KEYS[2]) end
        return 1
        """;

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
        new(await RedisConnection.ConnectAsync(configuration).ConfigureAwait(false), timeToLive);

    public Task<CachedSpeech?> TryGetAsync(string key, string? variant, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var stored = variant is null
                ? await Database.StringGetAsync(EntryKey(key)).ConfigureAwait(false)
                : await Database.HashGetAsync(VariantsKey(key), variant).ConfigureAwait(false);
            if (stored.IsNull)
            {
                return null;
            }

            var entry = CachedSpeechFormat.TryRead((byte[])stored!, verifyHash: true);
            if (entry is null)
            {
                Task removal = variant is null
                    ? Database.KeyDeleteAsync([EntryKey(key), VariantsKey(key)])
                    : Database.HashDeleteAsync(VariantsKey(key), variant);
                await removal.ConfigureAwait(false);
            }

            return entry;
        });

    public Task PutAsync(string key, CachedSpeech entry, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var batch = Database.CreateTransaction();
            var deleted = batch.KeyDeleteAsync(VariantsKey(key));
            var set = batch.StringSetAsync(EntryKey(key), CachedSpeechFormat.Write(entry), timeToLive);
            await batch.ExecuteAsync().ConfigureAwait(false);
            await Task.WhenAll(deleted, set).ConfigureAwait(false);
            return true;
        });

    public Task PutVariantAsync(string key, string variant, CachedSpeech encoded, CancellationToken cancellationToken) =>
        GuardAsync(() => Database.ScriptEvaluateAsync(PutVariantScript, [EntryKey(key), VariantsKey(key)], [variant, CachedSpeechFormat.Write(encoded)]));

    public Task<string?> GetModelVersionAsync(string model, CancellationToken cancellationToken) =>
        GuardAsync(async () => await Database.HashGetAsync(ModelVersions, model).ConfigureAwait(false) is { IsNull: false } version ? (string?)version : null);

    public Task SetModelVersionAsync(string model, string version, CancellationToken cancellationToken) =>
        GuardAsync(() => Database.HashSetAsync(ModelVersions, model, version));

    public async ValueTask DisposeAsync() => await connection.DisposeAsync().ConfigureAwait(false);

    // The rendering's key is the hash tag: on Redis Cluster an entry and its variants share a slot (the script and the
    // transaction above touch both), while different renderings spread over the shards.
    private static RedisKey EntryKey(string key) => Prefix + "{" + key + "}";

    private static RedisKey VariantsKey(string key) => Prefix + "{" + key + "}:variants";

    /// <summary>Runs one Redis operation; Redis's own failure reaches the cache as the store interface's <see cref="SpeechCacheStoreException"/>.</summary>
    private static async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (RedisException e)
        {
            throw new SpeechCacheStoreException("The Redis speech cache failed: " + e.Message, e);
        }
    }
}
