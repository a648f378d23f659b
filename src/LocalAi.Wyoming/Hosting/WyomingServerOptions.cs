using LocalAi.Wyoming.Protocol;
using LocalAi.Wyoming.Session;

namespace LocalAi.Wyoming.Hosting;

/// <summary>Where the Wyoming front end listens and how it describes itself.</summary>
public sealed record WyomingServerOptions
{
    /// <summary>The address to listen on (the service's own host).</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>The TCP port (10200 is Wyoming's usual one for speech; 0 picks a free one).</summary>
    public required int Port { get; init; }

    /// <summary>Connections served at once; more are closed at once.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>The bounds on each event.</summary>
    public WyomingLimits Limits { get; init; } = new();

    /// <summary>
    /// Announce the listener as <c>_wyoming._tcp</c> on the local network through Avahi, named after this role (for
    /// example <c>router</c>), so Home Assistant discovers it; null announces nothing.
    /// </summary>
    public string? AnnounceAs { get; init; }

    /// <summary>What <c>info</c> says.</summary>
    public required WyomingProgram Program { get; init; }
}
