namespace LocalAi.Manager.Lifecycle;

/// <summary>One model's lifecycle at one instant, read under one lock so its parts agree.</summary>
/// <param name="State">The state.</param>
/// <param name="InFlight">Requests being proxied.</param>
/// <param name="LastUsed">When the last request finished (or the backend became ready); null before that.</param>
/// <param name="IdleDeadline">When the idle stop is due: while ready with nothing in flight and an idle timeout set; else null.</param>
/// <param name="LastError">Why the last start failed or the backend last exited on its own; null once it is ready again.</param>
public sealed record ModelSnapshot(LifecycleState State, int InFlight, DateTimeOffset? LastUsed, DateTimeOffset? IdleDeadline, string? LastError);
