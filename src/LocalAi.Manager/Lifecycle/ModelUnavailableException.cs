namespace LocalAi.Manager.Lifecycle;

/// <summary>Why a model cannot serve a request now. The endpoints map each to an HTTP answer (<c>Routing/BackendErrors</c>).</summary>
public enum ModelFailure
{
    /// <summary>The backend could not be started, or exited while starting.</summary>
    StartFailed,

    /// <summary>The backend did not become healthy within its start timeout.</summary>
    StartTimedOut,

    /// <summary>Gaming mode is on and the model uses the GPU.</summary>
    GamingMode,

    /// <summary>The model does not fit in the free GPU memory and nothing idle can be stopped to make room.</summary>
    InsufficientGpuMemory,

    /// <summary>The manager is shutting down and starts nothing again.</summary>
    ShuttingDown,
}

/// <summary>A model's lifecycle refused or failed a request's start; <see cref="Failure"/> says which way, the message says why in words.</summary>
public sealed class ModelUnavailableException : Exception
{
    /// <summary>Creates the exception (a failed start).</summary>
    public ModelUnavailableException()
    {
    }

    /// <summary>Creates the exception (a failed start) with a message.</summary>
    public ModelUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception (a failed start) with a message and the underlying failure.</summary>
    public ModelUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Which way the model is unavailable.</param>
    /// <param name="message">Why, for the client and the log.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ModelUnavailableException(ModelFailure failure, string message, Exception? innerException = null)
        : base(message, innerException) => Failure = failure;

    /// <summary>Which way the model is unavailable.</summary>
    public ModelFailure Failure { get; }
}
