using LocalAi.Hosting.Sse;
using LocalAi.Speech.Models;
using LocalAi.TtsServer.Engine;

namespace LocalAi.TtsServer.Status;

/// <summary>
/// Wraps the model loader so the status stream hears about the load: when it begins, each download progress report,
/// and its end. It also keeps the outcome itself, because the host's own load task completes a moment after the
/// loader returns and a status rendered on the signal must already show the new state.
/// </summary>
internal sealed class LoadWatch(ChangeSignal changes)
{
    private volatile LoadOutcome outcome = LoadOutcome.NotStarted;
    private volatile string? error;

    public LoadOutcome Outcome => outcome;

    public string? Error => error;

    public SynthesizerLoader Watch(SynthesizerLoader loader) => async (progress, cancellationToken) =>
    {
        outcome = LoadOutcome.Loading;
        changes.Notify();
        try
        {
            var synthesizer = await loader(new NotifyingProgress(progress, changes), cancellationToken).ConfigureAwait(false);
            outcome = LoadOutcome.Ready;
            return synthesizer;
        }
        catch (Exception e)
        {
            error = e.GetBaseException().Message;
            outcome = LoadOutcome.Failed;
            throw;
        }
        finally
        {
            changes.Notify();
        }
    };

    private sealed class NotifyingProgress(IProgress<ModelPullProgress> inner, ChangeSignal changes) : IProgress<ModelPullProgress>
    {
        public void Report(ModelPullProgress value)
        {
            inner.Report(value);
            changes.Notify();
        }
    }
}

/// <summary>Where the watched load stands.</summary>
internal enum LoadOutcome
{
    NotStarted,
    Loading,
    Ready,
    Failed,
}
