namespace LocalAi.Manager.Configuration;

/// <summary><c>models.json</c> is invalid; the message names the offending key as a JSON path (<c>$.models.tts.backend.command</c>).</summary>
public sealed class ManagerConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ManagerConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ManagerConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    public ManagerConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
