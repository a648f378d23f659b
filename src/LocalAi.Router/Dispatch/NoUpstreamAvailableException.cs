namespace LocalAi.Router.Dispatch;

/// <summary>No upstream could take a request: none is serving, or each failed or answered busy.</summary>
public sealed class NoUpstreamAvailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reasons">One line per upstream that was considered, e.g. <c>gpu: tripped</c>, <c>cpu: 503 busy</c>.</param>
    /// <param name="allBusy">True when every upstream that was tried answered 503 or 429 (it is up but busy), so retrying soon may work.</param>
    public NoUpstreamAvailableException(IReadOnlyList<string> reasons, bool allBusy)
        : base("No upstream can take the request: " + string.Join("; ", reasons ?? throw new ArgumentNullException(nameof(reasons))) + ".")
    {
        Reasons = reasons;
        AllBusy = allBusy;
    }

    /// <summary>Creates the exception with no reasons.</summary>
    public NoUpstreamAvailableException()
        : this([], false)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NoUpstreamAvailableException(string message)
        : this([message], false)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public NoUpstreamAvailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reasons = [message];
    }

    /// <summary>Why each upstream could not take it.</summary>
    public IReadOnlyList<string> Reasons { get; } = [];

    /// <summary>True when every upstream tried was up but busy.</summary>
    public bool AllBusy { get; }
}
