namespace LocalAi.Router.Configuration;

/// <summary>Keeping the voice libraries of upstreams that serve voices the same.</summary>
public sealed record VoiceSyncOptions
{
    /// <summary>Whether voices are synced (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Time between syncs (default 60 s); an upload through the router reaches every upstream at once anyway.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);
}
