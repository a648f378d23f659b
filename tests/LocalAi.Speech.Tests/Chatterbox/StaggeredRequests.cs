using System.Collections.Concurrent;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Batching;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>One request of a staggered run: it starts once the batch loop has run <paramref name="JoinAfterStep"/> steps.</summary>
internal sealed record BatchRequest(SpeechConditioning Voice, long[] Ids, int Budget, GenerationOptions Options, int Seed, int JoinAfterStep);

/// <summary>
/// Drives requests into a batching engine at chosen step boundaries: the decode loop's step callback (it runs on the
/// loop's thread) starts the next request and holds the loop until that request's prefill has been handed in, so it
/// joins at exactly that boundary while the others are mid-generation. Records the rows of every step.
/// </summary>
internal sealed class StaggeredRequests(
    IReadOnlyList<BatchRequest> requests, Func<BatchRequest, CancellationToken, TokenGeneration> generate, Func<int> queued)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Task<TokenGeneration>?[] running = new Task<TokenGeneration>?[requests.Count];
    private readonly CancellationTokenSource[] cancellations = [.. requests.Select(_ => new CancellationTokenSource())];
    private readonly ConcurrentQueue<int> rows = new();
    private int steps;

    /// <summary>Cancels request <c>Index</c> once the loop has run <c>AfterStep</c> steps.</summary>
    public (int Index, int AfterStep)? CancelAt { get; init; }

    /// <summary>Rows generating in each step, in order.</summary>
    public IReadOnlyList<int> RowsPerStep => [.. rows];

    /// <summary>The step callback to register with the engine.</summary>
    public void OnStep(DecodeStepInfo step)
    {
        rows.Enqueue(step.Rows);
        var done = Interlocked.Increment(ref steps);
        if (CancelAt is { } cancel && cancel.AfterStep == done)
        {
            cancellations[cancel.Index].Cancel();
        }

        for (var i = 0; i < requests.Count; i++)
        {
            if (Volatile.Read(ref running[i]) is null && requests[i].JoinAfterStep == done)
            {
                StartAndWaitUntilHandedIn(i);
            }
        }
    }

    /// <summary>Starts the first request, then the others as the loop reaches their step (or at once if it ended sooner).</summary>
    public async Task<Task<TokenGeneration>[]> RunAsync()
    {
        Start(0);
        for (var i = 1; i < requests.Count; i++)
        {
            // A request whose step never comes (everybody stopped sooner) still runs, so the test fails on its assertions, not by hanging.
            while (Volatile.Read(ref running[i]) is null && running.Where(t => t is not null).Any(t => !t!.IsCompleted))
            {
                await Task.Delay(5);
            }

            Start(i);
        }

        var all = running.Select(t => t!).ToArray();
        await Task.WhenAll(all).WaitAsync(Patience).ContinueWith(_ => { }, TaskScheduler.Default);
        return all;
    }

    private void StartAndWaitUntilHandedIn(int index)
    {
        var before = queued();
        Start(index);
        var deadline = DateTime.UtcNow + Patience;
        while (queued() <= before && !running[index]!.IsCompleted && DateTime.UtcNow < deadline)
        {
            Thread.Yield();
        }
    }

    private void Start(int index)
    {
        var request = requests[index];
        var token = cancellations[index].Token;
        var task = new Task<TokenGeneration>(() => generate(request, token), TaskCreationOptions.LongRunning);
        if (Interlocked.CompareExchange(ref running[index], task, null) is null)
        {
            task.Start(TaskScheduler.Default);
        }
    }
}
