namespace LocalAi.Manager.Lifecycle;

/// <summary>The health poll of a start: a short first wait, then a steady interval.</summary>
/// <param name="FirstDelay">The wait before the first check.</param>
/// <param name="Interval">The wait between later checks.</param>
public sealed record LifecycleTiming(TimeSpan FirstDelay, TimeSpan Interval);
