namespace LocalAi.Router.Forwarding;

/// <summary>An upstream's response body broke: cut off or stalled. An <see cref="IOException"/>, as a dropped connection is.</summary>
public sealed class UpstreamBodyException : IOException
{
    /// <summary>Creates the exception.</summary>
    public UpstreamBodyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UpstreamBodyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public UpstreamBodyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
