namespace LocalAi.Router.Forwarding;

/// <summary>An upstream failed after it got a request that may not be sent again (it may have acted on it), so no other was tried.</summary>
public sealed class UpstreamFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UpstreamFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UpstreamFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public UpstreamFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="upstream"/> failing with <paramref name="reason"/>.</summary>
    public UpstreamFailedException(string upstream, string reason)
        : base($"The upstream '{upstream}' failed after it received the request, so it was not repeated elsewhere: {reason}")
    {
    }
}
