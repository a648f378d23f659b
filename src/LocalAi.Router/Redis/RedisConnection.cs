using StackExchange.Redis;

namespace LocalAi.Router.Redis;

/// <summary>
/// The one way the router's Redis stores connect: a connection that rides over a Redis restart. A server that is down
/// at start or goes away later is connected to again in the background (commands fail meanwhile, and the callers try
/// again), instead of failing the first connect for good.
/// </summary>
internal static class RedisConnection
{
    /// <summary>Connects to the Redis server(s) in <paramref name="configuration"/> (a StackExchange.Redis connection string).</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
    }
}
