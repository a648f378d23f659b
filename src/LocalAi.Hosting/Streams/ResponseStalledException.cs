namespace LocalAi.Hosting.Streams;

/// <summary>A write to a client overran its <see cref="WriteDeadlineStream"/> deadline: the client stopped reading.</summary>
public sealed class ResponseStalledException : IOException
{
    /// <summary>Creates the exception for a write that waited <paramref name="deadline"/>.</summary>
    public ResponseStalledException(TimeSpan deadline, Exception inner)
        : base($"The client accepted no data for {deadline.TotalSeconds:0.#} s; the response was dropped.", inner)
    {
    }
}
