using LocalAi.Router.Cache;
using LocalAi.Router.Queue;
using LocalAi.Router.Voices;

namespace LocalAi.Router;

/// <summary>
/// What a host or a test can replace in the router: the clock and the features. A feature object that also implements
/// <see cref="IRouterFeature"/> gets its routes mapped, is started once the server listens and is disposed on stop.
/// </summary>
public sealed record RouterHooks
{
    /// <summary>The clock; the system clock when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Makes the voice directory; null: one that knows no voices.</summary>
    public Func<RouterParts, IVoiceDirectory>? Voices { get; init; }

    /// <summary>Makes the speech cache, given the voice directory (the cache keys on voice content hashes); null: a cache that never serves.</summary>
    internal Func<RouterParts, IVoiceDirectory, ISpeechCache>? Cache { get; init; }

    /// <summary>Makes the durable queue; null: a queue that answers 503 "queueing is not available".</summary>
    public Func<RouterParts, ISpeechJobQueue>? Queue { get; init; }
}
