namespace LocalAi.Manager.Backends;

/// <summary>A backend could not be started, stopped or inspected; the message says why in words for the manager log and the client.</summary>
public sealed class BackendException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BackendException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BackendException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    public BackendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
