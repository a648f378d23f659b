using LocalAi.Router.Configuration;
using LocalAi.Router.Forwarding;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Voices;

/// <summary>
/// One voice library across every upstream that keeps voices. Voice routes go through the router: reads come from the
/// most preferred serving upstream (failing over), an upload lands there and is copied to every other one under the
/// same id, and renames and deletes reach them all. A sync (at start, every <see cref="VoiceSyncOptions.Interval"/>,
/// and whenever an upstream starts serving again) repairs what a down upstream missed; deletions through the router
/// are remembered in <c>&lt;DataDirectory&gt;/voice-tombstones.json</c> so a sync never brings a voice back. The
/// directory of clip hashes, for the speech cache, follows the most preferred serving upstream's library.
/// </summary>
public sealed partial class VoiceLibrarySync : IVoiceDirectory, IRouterFeature
{
    /// <summary>The tombstone file's name in the data directory.</summary>
    public const string TombstoneFileName = "voice-tombstones.json";

    private readonly RouterParts parts;
    private readonly TimeSpan unknownVoiceRefreshInterval;
    private readonly VoiceUpstreamClient client;
    private readonly UpstreamCaller caller;
    private readonly VoiceCopier copier;
    private readonly VoiceReconciler reconciler;
    private readonly VoiceTombstones tombstones;
    private readonly ILogger logger;
    private readonly SemaphoreSlim mutations = new(1, 1);
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly CancellationTokenSource stopping = new();

    // Whether each on-demand upstream's model ran at the previous sync; only read and written by syncs, which hold
    // the mutations semaphore.
    private readonly Dictionary<string, bool> awakeAtLastSync = new(StringComparer.OrdinalIgnoreCase);
    private volatile VoiceCatalog catalog = VoiceCatalog.Empty;
    private DateTimeOffset? lastRefresh;
    private Task? loop;

    /// <summary>Creates the feature over the router's parts.</summary>
    /// <param name="parts">The router's shared parts.</param>
    /// <param name="unknownVoiceRefreshInterval">The least time between refreshes that a question about an unknown voice
    /// triggers (default 5 s), so a client asking for names no library has cannot make the router list voices on every request.</param>
    public VoiceLibrarySync(RouterParts parts, TimeSpan? unknownVoiceRefreshInterval = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        this.parts = parts;
        this.unknownVoiceRefreshInterval = unknownVoiceRefreshInterval ?? TimeSpan.FromSeconds(5);
        logger = parts.Loggers.CreateLogger<VoiceLibrarySync>();
        caller = new UpstreamCaller(parts.Upstreams, parts.Metrics, parts.Time);
        client = new VoiceUpstreamClient(parts.Upstreams, caller);
        copier = new VoiceCopier(client, logger);
        tombstones = VoiceTombstones.Open(Path.Combine(parts.Options.DataDirectory, TombstoneFileName));
        reconciler = new VoiceReconciler(client, copier, tombstones, logger);
    }

    /// <summary>Raised after each background sync (tests wait on it).</summary>
    internal event Action? Synced;

    /// <inheritdoc />
    public async ValueTask<string?> ContentHashAsync(string voice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(voice);
        if (catalog.HashOf(voice) is { } hash)
        {
            return hash;
        }

        var now = parts.Time.GetUtcNow();
        if (lastRefresh is { } last && now - last < unknownVoiceRefreshInterval)
        {
            return null;
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return catalog.HashOf(voice);
    }

    /// <inheritdoc />
    public string? LibraryName(string voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        return catalog.NameOf(voice);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken stopping)
    {
        if (!parts.Options.VoiceSync.Enabled)
        {
            return Task.CompletedTask;
        }

        parts.Upstreams.BecameServing += OnBecameServing;
        var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, this.stopping.Token);
        loop = Task.Run(() => RunAsync(linked), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        parts.Upstreams.BecameServing -= OnBecameServing;
        await stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        stopping.Dispose();
        mutations.Dispose();
        refreshing.Dispose();
        wake.Dispose();
    }

    /// <summary>Runs one sync now, taking turns with uploads, renames and deletes through the router.</summary>
    internal async Task SyncNowAsync(CancellationToken cancellationToken)
    {
        await mutations.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await reconciler.SyncAsync(await SyncTargetsAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false) is { } preferred)
            {
                Publish(preferred);
            }
        }
        finally
        {
            mutations.Release();
        }
    }

    /// <summary>Upstreams that keep voices and serve now, most preferred first.</summary>
    private List<UpstreamOptions> VoiceUpstreams() =>
        [.. parts.Upstreams.All.Where(upstream => upstream.ServesVoices && parts.Upstreams.IsServing(upstream))];

    /// <summary>
    /// The upstreams a sync may call. Every call through a manager counts as use of its model and restarts its idle
    /// clock, so an on-demand upstream joins a sync only once per wake-up: when its <c>GET /running</c> shows a ready
    /// model that was not running at the previous sync. A sleeping model is never woken and a running one is never kept
    /// awake by the router; voice changes made through the router reach it at once anyway.
    /// </summary>
    private async Task<List<UpstreamOptions>> SyncTargetsAsync(CancellationToken cancellationToken)
    {
        var targets = new List<UpstreamOptions>();
        foreach (var upstream in VoiceUpstreams())
        {
            if (!upstream.OnDemand)
            {
                targets.Add(upstream);
                continue;
            }

            var awake = await client.IsAwakeAsync(upstream, cancellationToken).ConfigureAwait(false);
            if (awake && !awakeAtLastSync.GetValueOrDefault(upstream.Name))
            {
                targets.Add(upstream);
            }

            awakeAtLastSync[upstream.Name] = awake;
        }

        return targets;
    }

    /// <summary>
    /// Where the directory reads voice hashes from: upstreams that are always up first (a sync keeps their libraries
    /// equal), on-demand ones only when nothing else serves voices and their model runs.
    /// </summary>
    private async Task<List<UpstreamOptions>> DirectorySourcesAsync(CancellationToken cancellationToken)
    {
        var always = VoiceUpstreams().Where(upstream => !upstream.OnDemand).ToList();
        if (always.Count > 0)
        {
            return always;
        }

        var awake = new List<UpstreamOptions>();
        foreach (var upstream in VoiceUpstreams())
        {
            if (await client.IsAwakeAsync(upstream, cancellationToken).ConfigureAwait(false))
            {
                awake.Add(upstream);
            }
        }

        return awake;
    }

    /// <inheritdoc />
    /// <remarks>Reads the most preferred serving upstream's library into the directory (the next one when it fails).</remarks>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lastRefresh = parts.Time.GetUtcNow();
            foreach (var upstream in await DirectorySourcesAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    Publish(await client.ListAsync(upstream, cancellationToken).ConfigureAwait(false));
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or InvalidDataException or KeyNotFoundException
                    || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    LogRefreshFailed(logger, e, upstream.Name);
                }
            }
        }
        finally
        {
            refreshing.Release();
        }
    }

    private void Publish(IEnumerable<UpstreamVoice> voices)
    {
        catalog = new VoiceCatalog(voices);
        lastRefresh = parts.Time.GetUtcNow();
    }

    private void OnBecameServing(UpstreamOptions upstream)
    {
        if (upstream.ServesVoices && wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another event woke the loop at the same moment; one sync serves both.
            }
        }
    }

    private async Task RunAsync(CancellationTokenSource linked)
    {
        using (linked)
        {
            var token = linked.Token;
            while (!token.IsCancellationRequested)
            {
                try
                {
                    await SyncNowAsync(token).ConfigureAwait(false);
                    Synced?.Invoke();
                    using var interval = new CancellationTokenSource(parts.Options.VoiceSync.Interval, parts.Time);
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(token, interval.Token);
                    await wake.WaitAsync(either.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    LogSyncFailed(logger, e);
                    await Task.Delay(parts.Options.VoiceSync.Interval, parts.Time, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the voices of {Upstream} failed; trying the next upstream")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string upstream);

    [LoggerMessage(Level = LogLevel.Error, Message = "Voice sync failed; trying again after the interval")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
