namespace LocalAi.Wyoming.Protocol;

/// <summary>
/// Hard bounds on what one event may hold, so a client that sends garbage costs a bounded amount of memory and
/// time before its connection is closed.
/// </summary>
public sealed record WyomingLimits
{
    /// <summary>The longest header line, newline excluded (the header holds only the type and lengths).</summary>
    public int MaxHeaderBytes { get; init; } = 16 * 1024;

    /// <summary>The largest data block (a synthesis text is a few KiB).</summary>
    public int MaxDataBytes { get; init; } = 256 * 1024;

    /// <summary>The largest payload (a TTS server receives none; an audio chunk is a few KiB).</summary>
    public int MaxPayloadBytes { get; init; } = 1024 * 1024;

    /// <summary>How long an event may take to arrive once its first byte has.</summary>
    public TimeSpan EventTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection may stay silent between events before it is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
