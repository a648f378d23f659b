using LocalAi.Speech.Chatterbox.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox.Batching;

/// <summary>
/// A request as the decode loop sees it: its row, its prefill cache until it joins, the most positions it may reach
/// (for the cache budget), its cancellation, and the task its caller waits on. Once it has left (stopped, failed or
/// cancelled), the loop drops its row at the next rebuild.
/// </summary>
internal sealed class BatchMember(DecodeRow row, OrtValue[] prefillCache, int maxCacheLength, CancellationToken cancellationToken)
{
    private OrtValue[]? cache = prefillCache;

    public DecodeRow Row { get; } = row;

    /// <summary>Prompt plus budget: the longest cache this row can need.</summary>
    public int MaxCacheLength { get; } = maxCacheLength;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the request is done and its row only waits to be dropped.</summary>
    public bool Left => Completion.Task.IsCompleted;

    /// <summary>Hands the prefill cache over to the batch.</summary>
    public OrtValue[] TakeCache()
    {
        var taken = cache ?? throw new InvalidOperationException("The prefill cache was already handed over.");
        cache = null;
        return taken;
    }

    /// <summary>Chooses this row's next token; a failure here fails this request only.</summary>
    public void Accept(ReadOnlySpan<float> logits)
    {
        try
        {
            if (Row.Accept(logits))
            {
                Completion.TrySetResult();
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    public void Cancel()
    {
        DisposeCache();
        Completion.TrySetCanceled(CancellationToken);
    }

    public void Fail(Exception error)
    {
        DisposeCache();
        Completion.TrySetException(error);
    }

    public void DisposeCache()
    {
        LanguageModelRunner.DisposeAll(cache ?? []);
        cache = null;
    }
}
