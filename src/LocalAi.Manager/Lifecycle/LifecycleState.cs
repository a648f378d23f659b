namespace LocalAi.Manager.Lifecycle;

/// <summary>Where a model's backend is: stopped → starting → ready → stopping → stopped.</summary>
public enum LifecycleState
{
    /// <summary>Not running; the next request starts it.</summary>
    Stopped,

    /// <summary>Started and waiting for its health endpoint; requests wait for the one start in progress.</summary>
    Starting,

    /// <summary>Healthy and serving.</summary>
    Ready,

    /// <summary>Draining its in-flight requests, then stopping; new requests wait for the stop and start it again.</summary>
    Stopping,
}
