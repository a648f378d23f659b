using System.Globalization;
using LocalAi.Hosting.Sse;
using LocalAi.TtsServer.Configuration;
using LocalAi.TtsServer.Engine;
using LocalAi.TtsServer.Speech;

namespace LocalAi.TtsServer.Status;

/// <summary>
/// The server's live status: the model and where its load stands, the queue, and the last finished requests. Every
/// change (a load step, a request queued, started or finished) is signalled on <see cref="Changes"/>.
/// </summary>
internal sealed class TtsStatusBoard(TtsServerOptions options, GenerationCapacity capacity, ModelHost host, GenerationGate gate, LoadWatch load, ChangeSignal changes, TimeProvider time)
{
    public const int RecentCapacity = 50;
    private readonly RecentRequests recent = new(RecentCapacity);
    private string? revision;

    public ChangeSignal Changes => changes;

    public TimeProvider Time => time;

    /// <summary>Starts tracking a validated request; dispose the result when the request ends.</summary>
    public TrackedRequest Begin(ValidatedSpeechRequest speech, string voice, long startedAt, CancellationToken clientGone) => new(this, speech, voice, startedAt, clientGone);

    /// <summary>Something the status shows changed (the queue, a running count).</summary>
    public void Changed() => changes.Notify();

    public void Finished(RecentRequest request)
    {
        recent.Add(request);
        changes.Notify();
    }

    /// <summary>
    /// <c>MODEL@REVISION/DTYPES</c>, sent as <c>X-Model-Version</c> on speech: caches in front of the server (the router's)
    /// key on it, so audio from another model build is never served as this one's.
    /// </summary>
    public string ModelVersion => $"{options.ModelId}@{Revision()}/{ModelFacts.DTypes(options, host.Synthesizer)}";

    public TtsStatus Snapshot()
    {
        var (state, detail) = State();
        var loaded = host.Synthesizer;
        return new TtsStatus(
            options.ModelId,
            ModelVersion,
            ModelFacts.Device(options),
            ModelFacts.DTypes(options, loaded),
            state,
            detail,
            gate.Queued,
            gate.Running,
            capacity.MaxConcurrentGenerations,
            capacity.ConcurrencyChosen,
            capacity.BatchDecoding,
            capacity.BatchingChosen,
            capacity.Reason,
            options.MaxQueueLength,
            options.ApiKeys is { Count: > 0 },
            recent.NewestFirst());
    }

    // The watch knows a load's end a moment before the host's task does; the host knows a load that the watch has not
    // seen begin yet. Whichever is further along is the truth.
    private (string State, string? Detail) State() => load.Outcome switch
    {
        LoadOutcome.Ready => ("healthy", null),
        LoadOutcome.Failed => ("failed", load.Error),
        LoadOutcome.Loading => ("loading", LoadingDetail()),
        _ => host.State switch
        {
            ModelLoadState.Ready => ("healthy", null),
            ModelLoadState.Failed => ("failed", host.Error),
            ModelLoadState.Loading => ("loading", LoadingDetail()),
            _ => ("idle", "The model loads on the first speech request."),
        },
    };

    private string LoadingDetail()
    {
        var elapsed = (host.LoadingFor ?? TimeSpan.Zero).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
        return host.Progress is { BytesTotal: > 0 } progress
            ? $"Downloading {progress.File}: {(double)progress.BytesDone / progress.BytesTotal:P0} ({elapsed} s)"
            : $"Loading the model ({elapsed} s)";
    }

    // Read from the model cache once the model is loaded; before that the catalogue's revision is what will load.
    private string Revision()
    {
        if (revision is not null)
        {
            return revision;
        }

        var loaded = host.Synthesizer;
        var value = ModelFacts.Revision(options, loaded);
        if (loaded is not null)
        {
            revision = value;
        }

        return value;
    }
}
