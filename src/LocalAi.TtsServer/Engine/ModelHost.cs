using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;

namespace LocalAi.TtsServer.Engine;

/// <summary>
/// Owns the one synthesizer of the server: loads it once (at start or on first use) off the request threads, and
/// says where the load stands for <c>/health</c>. A failed load stays failed, with its reason, until a restart.
/// </summary>
internal sealed partial class ModelHost(SynthesizerLoader loader, TimeProvider time, ILogger<ModelHost> logger) : IDisposable
{
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private Task<SpeechSynthesizer>? loading;
    private ModelPullProgress? progress;
    private DateTimeOffset? startedAt;

    /// <summary>The current state.</summary>
    public ModelLoadState State => loading switch
    {
        null => ModelLoadState.NotLoaded,
        { IsCompletedSuccessfully: true } => ModelLoadState.Ready,
        { IsCompleted: true } => ModelLoadState.Failed,
        _ => ModelLoadState.Loading,
    };

    /// <summary>Why the load failed, when it did.</summary>
    public string? Error => loading is { IsFaulted: true } failed ? failed.Exception.GetBaseException().Message : null;

    /// <summary>The latest pull progress, when the model is being downloaded.</summary>
    public ModelPullProgress? Progress => progress;

    /// <summary>How long the load has been running (or ran).</summary>
    public TimeSpan? LoadingFor => startedAt is { } start ? time.GetUtcNow() - start : null;

    /// <summary>The synthesizer once ready, else null.</summary>
    public SpeechSynthesizer? Synthesizer => loading is { IsCompletedSuccessfully: true } done ? done.Result : null;

    /// <summary>Starts the load if it has not started, and returns it.</summary>
    public Task<SpeechSynthesizer> EnsureLoadedAsync()
    {
        lock (gate)
        {
            if (loading is null)
            {
                startedAt = time.GetUtcNow();
                loading = Task.Run(LoadAsync);
            }

            return loading;
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        if (loading is { IsCompletedSuccessfully: true } done)
        {
            done.Result.Dispose();
        }

        stopping.Dispose();
    }

    private async Task<SpeechSynthesizer> LoadAsync()
    {
        LogLoading(logger);
        try
        {
            var synthesizer = await loader(new ProgressSink(this), stopping.Token).ConfigureAwait(false);
            LogLoaded(logger, (time.GetUtcNow() - startedAt!.Value).TotalSeconds);
            return synthesizer;
        }
        catch (Exception e)
        {
            LogFailed(logger, e);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading the model")]
    private static partial void LogLoading(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model ready after {Seconds:F1} s")]
    private static partial void LogLoaded(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the model failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    // Synchronous on purpose: System.Progress would post to the thread pool and the state could lag behind.
    private sealed class ProgressSink(ModelHost host) : IProgress<ModelPullProgress>
    {
        public void Report(ModelPullProgress value) => host.progress = value;
    }
}
