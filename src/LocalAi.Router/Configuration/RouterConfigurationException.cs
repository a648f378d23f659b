namespace LocalAi.Router.Configuration;

/// <summary><c>router.json</c> is missing or invalid; the message starts with the JSON path at fault.</summary>
public sealed class RouterConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RouterConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RouterConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RouterConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
