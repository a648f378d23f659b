namespace LocalAi.Hosting.Errors;

/// <summary>
/// A request failed in a way the client should hear about as an OpenAI error. Thrown anywhere in a request;
/// <see cref="OpenAiErrorMiddleware"/> writes it as the envelope with its status code (and <c>Retry-After</c>).
/// </summary>
public sealed class OpenAiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status to answer with.</param>
    /// <param name="error">The envelope's content.</param>
    /// <param name="retryAfterSeconds">The <c>Retry-After</c> header, when the client should come back later.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public OpenAiException(int statusCode, OpenAiError error, int? retryAfterSeconds = null, Exception? inner = null)
        : base((error ?? throw new ArgumentNullException(nameof(error))).Message, inner)
    {
        StatusCode = statusCode;
        Error = error;
        RetryAfterSeconds = retryAfterSeconds;
    }

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; }

    /// <summary>The error to send.</summary>
    public OpenAiError Error { get; }

    /// <summary>Seconds for the <c>Retry-After</c> header; null sends none.</summary>
    public int? RetryAfterSeconds { get; }
}
