using System.Diagnostics;
using LocalAi.Audio.Encoding;
using LocalAi.TtsServer.Speech;

namespace LocalAi.TtsServer.Status;

/// <summary>
/// One speech request on its way through the server: it collects the request's timings and, when disposed, adds it
/// to the recent requests (completed when <see cref="Completed"/> was called, cancelled when the client left, failed
/// otherwise), unless it was refused before it queued.
/// </summary>
internal sealed class TrackedRequest(TtsStatusBoard board, ValidatedSpeechRequest speech, string voice, long startedAt, CancellationToken clientGone) : IDisposable
{
    private readonly string id = "req_" + Guid.NewGuid().ToString("N")[..24];
    private double? timeToFirstAudio;
    private double? generationTime;
    private double? audioDuration;
    private bool completed;
    private bool refused;
    private int disposed;

    /// <summary>The first audio bytes are going out now.</summary>
    public void FirstAudio() => timeToFirstAudio = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;

    /// <summary>The whole audio went out.</summary>
    public void Completed(double generationSeconds, double audioSeconds)
    {
        generationTime = generationSeconds;
        audioDuration = audioSeconds;
        completed = true;
    }

    /// <summary>The queue was full: the request never ran, so it is not listed.</summary>
    public void Refused() => refused = true;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        if (refused)
        {
            board.Changed();
            return;
        }

        var outcome = completed ? "completed" : clientGone.IsCancellationRequested ? "cancelled" : "failed";
        board.Finished(new RecentRequest(
            id,
            Math.Round(board.Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, 3),
            voice,
            speech.Input.Length,
            speech.Format.Name(),
            speech.Sse ? "sse" : "audio",
            outcome,
            Seconds(timeToFirstAudio),
            Seconds(generationTime),
            Seconds(audioDuration),
            audioDuration is > 0 && generationTime is { } generation ? Math.Round(generation / audioDuration.Value, 3) : null));
    }

    private static double? Seconds(double? value) => value is { } seconds ? Math.Round(seconds, 3) : null;
}
