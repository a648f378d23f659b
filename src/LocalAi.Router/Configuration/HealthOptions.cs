namespace LocalAi.Router.Configuration;

/// <summary>
/// How upstream health is judged: probes on an interval plus passive failures of real requests. An upstream is tripped
/// after <see cref="FailureThreshold"/> failures within <see cref="FailureWindow"/>; it serves again only after
/// <see cref="RecoveryProbes"/> consecutive successful probes and at least <see cref="MinimumDwell"/> since the trip.
/// </summary>
public sealed record HealthOptions
{
    /// <summary>Time between probes of each upstream (default 5 s).</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A probe that takes longer fails (default 2 s).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Failures (probes or requests) within <see cref="FailureWindow"/> that trip an upstream (default 3).</summary>
    public int FailureThreshold { get; init; } = 3;

    /// <summary>The window failures are counted in (default 30 s).</summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive successful probes a tripped upstream needs before it serves again (default 2).</summary>
    public int RecoveryProbes { get; init; } = 2;

    /// <summary>The least time a tripped upstream stays out, so traffic does not flap (default 60 s).</summary>
    public TimeSpan MinimumDwell { get; init; } = TimeSpan.FromSeconds(60);
}
