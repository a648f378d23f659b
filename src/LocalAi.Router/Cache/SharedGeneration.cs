using LocalAi.Router.Dispatch;

namespace LocalAi.Router.Cache;

/// <summary>
/// One generation that identical concurrent misses share: the first request (the leader) renders and streams to its
/// client; the others wait here for its outcome and serve from it.
/// </summary>
internal sealed class SharedGeneration
{
    private readonly TaskCompletionSource<GenerationOutcome> outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The leader's outcome.</summary>
    public Task<GenerationOutcome> Outcome => outcome.Task;

    /// <summary>Publishes the outcome; the first one wins.</summary>
    public void Complete(GenerationOutcome result) => outcome.TrySetResult(result);
}

/// <summary>How a shared generation ended.</summary>
internal abstract record GenerationOutcome
{
    /// <summary>The leader ended without a rendering or an answer to pass on (its stream broke, or its client left); a follower tries again.</summary>
    public static GenerationOutcome Failed { get; } = new FailedOutcome();

    private sealed record FailedOutcome : GenerationOutcome;
}

/// <summary>A whole rendering; <paramref name="Proven"/> when the upstream's answer proved its voice, so it may be stored.</summary>
internal sealed record RenderedOutcome(CachedSpeech Speech, bool Proven = true) : GenerationOutcome;

/// <summary>The upstream refused the request (a 4xx such as an unknown voice); every follower gets the same answer.</summary>
internal sealed record RefusedOutcome(int StatusCode, string? ContentType, byte[] Body, string Upstream) : GenerationOutcome;

/// <summary>No upstream could take the request.</summary>
internal sealed record NoUpstreamOutcome(NoUpstreamAvailableException Error) : GenerationOutcome;
