namespace LocalAi.Wyoming.Discovery;

/// <summary>The machine has no mDNS responder this service can publish through (no D-Bus system bus or no Avahi).</summary>
public sealed class ZeroconfUnavailableException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public ZeroconfUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the error beneath it.</summary>
    public ZeroconfUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ZeroconfUnavailableException()
    {
    }
}
