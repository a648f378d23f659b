using LocalAi.Hosting.Errors;

namespace LocalAi.TtsServer.Engine;

/// <summary>
/// Wraps the model loader so a failed load's reason, which <c>/health</c> (open without a key), <c>/v1/status</c> and
/// speech's 503 repeat, names the server's folders by their last segment only. The original failure stays inside for
/// the log.
/// </summary>
internal static class PathHidingLoader
{
    public static SynthesizerLoader Wrap(SynthesizerLoader loader, IEnumerable<string?> serverPaths) => async (progress, cancellationToken) =>
    {
        try
        {
            return await loader(progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ModelLoadFailure(ServerPaths.Hide(e.GetBaseException().Message, serverPaths), e);
        }
    };

    /// <summary>A load failure whose message is fit for clients; it is its own base exception, so the message is what callers show.</summary>
    private sealed class ModelLoadFailure(string message, Exception inner) : Exception(message, inner)
    {
        public override Exception GetBaseException() => this;
    }
}
