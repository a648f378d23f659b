namespace LocalAi.Hosting.Sse;

/// <summary>How <see cref="ServerSentEvents.StreamStateAsync"/> paces a state stream.</summary>
public sealed record StateStreamOptions
{
    /// <summary>The <c>event:</c> name of every state event.</summary>
    public string EventName { get; init; } = "status";

    /// <summary>The least time between two events: changes that come faster are merged into one.</summary>
    public TimeSpan CoalesceInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A <c>: keep-alive</c> comment goes out when nothing was written for this long, so proxies keep the connection.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the state is rendered again while <see cref="RefreshWhile"/> says so (for a countdown).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether the state also changes with time alone right now; null when it changes only on signals.</summary>
    public Func<bool>? RefreshWhile { get; init; }

    /// <summary>The clock of the pacing.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
