using System.Diagnostics;
using System.Threading.Channels;
using LocalAi.Speech.Chatterbox.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox.Batching;

/// <summary>
/// Continuous batching: one thread owns the decode loop and runs one language-model step for every generating
/// request. A request prefills on its own thread, then hands its row and prefill cache in through a channel; it joins
/// at the next step boundary if the batch has a free row and the cache budget allows, and leaves as soon as it stops,
/// fails or is cancelled, while the others go on. On a device, the cache stays there between steps; a step that
/// precedes a join or a leave brings it to the host, where rows are added and dropped.
/// </summary>
internal sealed class DecodeScheduler : IDisposable
{
    private readonly LanguageModelRunner runner;
    private readonly BatchLimits limits;
    private readonly Action<DecodeStepInfo>? stepObserved;
    private readonly Channel<BatchMember> incoming = Channel.CreateUnbounded<BatchMember>();
    private readonly RunOptions runOptions = new();
    private readonly Thread loop;

    public DecodeScheduler(LanguageModelRunner runner, BatchLimits limits, Action<DecodeStepInfo>? stepObserved)
    {
        this.runner = runner;
        this.limits = limits;
        this.stepObserved = stepObserved;
        loop = new Thread(Loop) { IsBackground = true, Name = "chatterbox-decode-batch" };
        loop.Start();
    }

    /// <summary>
    /// Hands a prefilled row (and its cache, whose ownership passes here) to the loop. The task ends when the row
    /// stops; it is cancelled with <paramref name="cancellationToken"/> at the next step boundary.
    /// </summary>
    public Task Submit(DecodeRow row, OrtValue[] prefillCache, int maxNewTokens, CancellationToken cancellationToken)
    {
        var member = new BatchMember(row, prefillCache, row.PromptLength + maxNewTokens, cancellationToken);
        if (!incoming.Writer.TryWrite(member))
        {
            member.DisposeCache();
            throw new ObjectDisposedException(nameof(DecodeScheduler));
        }

        return member.Completion.Task;
    }

    /// <summary>Prefilled requests handed in that the loop has not taken up yet.</summary>
    public int Queued => incoming.Reader.Count;

    public void Dispose()
    {
        incoming.Writer.TryComplete();
        runOptions.Terminate = true;
        loop.Join();
        runOptions.Dispose();
    }

    private void Loop()
    {
        var batch = new DecodeBatch(runner);
        var live = new List<BatchMember>();
        var waiting = new List<BatchMember>();
        try
        {
            while (true)
            {
                if (live.Count == 0 && waiting.Count == 0 && !WaitForWork())
                {
                    return;
                }

                while (incoming.Reader.TryRead(out var member))
                {
                    waiting.Add(member);
                }

                DropCancelled(live, waiting);
                try
                {
                    var change = live.Any(m => m.Left) || limits.Admits(live, waiting);
                    if (change && batch.CanRebuild)
                    {
                        var joining = limits.Admit(live, waiting);
                        live.RemoveAll(m => m.Left);
                        live.AddRange(joining);
                        batch.Rebuild([.. live.Except(joining).Select(m => m.Row)], [.. joining.Select(m => (m.Row, m.TakeCache()))]);
                        change = false;
                    }

                    if (live.Count > 0)
                    {
                        // With a change pending, this step brings the cache to the host so the next boundary can rebuild.
                        StepAndAccept(batch, live, cacheToDevice: !change);
                    }
                }
                catch (Exception e) when (!runOptions.Terminate)
                {
                    // One run serves every row: a failed run (or rebuild) fails them all, and the cache starts afresh.
                    foreach (var member in live)
                    {
                        member.Fail(e);
                    }

                    live.Clear();
                    batch.Dispose();
                    batch = new DecodeBatch(runner);
                }
            }
        }
        finally
        {
            var closing = new ObjectDisposedException(nameof(DecodeScheduler), "The model was unloaded.");
            foreach (var member in live.Concat(waiting).Concat(Drain()))
            {
                member.Fail(closing);
            }

            batch.Dispose();
        }
    }

    private void StepAndAccept(DecodeBatch batch, List<BatchMember> live, bool cacheToDevice)
    {
        var clock = Stopwatch.StartNew();
        var logits = batch.Step(runOptions, cacheToDevice);
        Observe(new DecodeStepInfo(live.Count(m => !m.Left), batch.CacheLength, clock.Elapsed));
        for (var r = 0; r < live.Count; r++)
        {
            var member = live[r];
            if (!member.Left)
            {
                member.Accept(DecodeBatch.RowLogits(logits, r));
            }
        }
    }

    // A failing observer (metrics) must not end the loop that every request depends on.
    private void Observe(DecodeStepInfo step)
    {
        try
        {
            stepObserved?.Invoke(step);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Trace.TraceWarning($"A decode-step observer failed: {e.Message}");
        }
    }

    private static void DropCancelled(List<BatchMember> live, List<BatchMember> waiting)
    {
        foreach (var member in live.Where(m => !m.Left && m.CancellationToken.IsCancellationRequested))
        {
            member.Cancel();
        }

        foreach (var member in waiting.Where(m => m.CancellationToken.IsCancellationRequested).ToList())
        {
            member.Cancel();
            waiting.Remove(member);
        }
    }

    private bool WaitForWork() => incoming.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();

    private IEnumerable<BatchMember> Drain()
    {
        while (incoming.Reader.TryRead(out var member))
        {
            yield return member;
        }
    }
}

/// <summary>One decode step of the batch, for metrics.</summary>
/// <param name="Rows">Requests that were generating in the step.</param>
/// <param name="CacheLength">Positions per row in the cache, padding included.</param>
/// <param name="Duration">Wall time of the step (embedding and language model).</param>
public readonly record struct DecodeStepInfo(int Rows, int CacheLength, TimeSpan Duration);
