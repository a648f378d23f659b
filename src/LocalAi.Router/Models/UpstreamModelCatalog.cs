using System.Collections.Concurrent;
using LocalAi.Router.Configuration;
using LocalAi.Router.Queue;
using LocalAi.Router.Upstreams;
using LocalAi.Text;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Models;

/// <summary>
/// Which upstream serves which model. An upstream's <see cref="UpstreamOptions.Models"/> declares it; any other is
/// asked (<c>GET /v1/models</c>) when it starts serving (its first passing probe, a recovery, a discovered replica
/// joining), every <see cref="RefreshInterval"/>, and before a request would skip it for not having been asked (one
/// ask shared by the requests that need it; after a failed ask, requests leave it to the background refresh for
/// <see cref="RetryAfterFailure"/>, so an upstream whose list hangs or fails does not hold up every request). One
/// that answers no model list (a 4xx, not JSON) is taken to serve whatever it is sent, as is one not asked yet; the
/// decision itself is <see cref="ModelRoutes"/>.
/// </summary>
public sealed partial class UpstreamModelCatalog
{
    /// <summary>How often a serving upstream's list is asked again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(60);

    /// <summary>How long after a failed ask requests do not ask that upstream again themselves.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly IUpstreamPool pool;
    private readonly TimeSpan askTimeout;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, AskedList> asked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> due = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> failedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> asking = new(StringComparer.Ordinal);
    private readonly WakeSignal wake = new();

    /// <summary>Creates the catalog; it listens for upstreams that start serving at once, and asks them once <see cref="RunAsync"/> runs.</summary>
    /// <param name="pool">The upstreams.</param>
    /// <param name="askTimeout">How long one <c>GET /v1/models</c> may take (the probe timeout).</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where list changes are logged.</param>
    public UpstreamModelCatalog(IUpstreamPool pool, TimeSpan askTimeout, TimeProvider time, ILogger<UpstreamModelCatalog> logger)
    {
        this.pool = pool ?? throw new ArgumentNullException(nameof(pool));
        this.askTimeout = askTimeout;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        pool.BecameServing += upstream =>
        {
            due[upstream.Name] = true;
            wake.Set();
        };
    }

    /// <summary>
    /// The upstreams of <paramref name="candidates"/> (kept in their order) that may take a request for
    /// <paramref name="model"/> in <paramref name="language"/>, each with the model name it is to be sent; serving
    /// upstreams not asked yet are asked first.
    /// </summary>
    public async Task<IReadOnlyList<ModelRoute>> RoutesAsync(
        string? model, IReadOnlyList<UpstreamOptions> candidates, CancellationToken cancellationToken, string language = SpeechLanguages.Default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        await AskUnaskedAsync(candidates, cancellationToken).ConfigureAwait(false);
        return ModelRoutes.For(model, candidates, ListOf, language);
    }

    /// <summary>
    /// Whether <paramref name="upstream"/> may take a request for <paramref name="model"/> in <paramref name="language"/>
    /// by what is known without asking it (its declared models, or a list asked before; one without a list may): for a
    /// discovered group with no members, whether replicas a lookup finds could take it.
    /// </summary>
    public bool MayServe(string? model, UpstreamOptions upstream, string language = SpeechLanguages.Default) =>
        ModelRoutes.For(model, [upstream], ListOf, language).Count > 0;

    /// <summary>Whether any upstream may take a request for <paramref name="model"/> (one without a list may).</summary>
    public async Task<bool> IsServedAsync(string model, CancellationToken cancellationToken) =>
        (await RoutesAsync(model, pool.All, cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <summary>Every model some upstream lists or declares, once each (languages and aliases merged), by id.</summary>
    public async Task<IReadOnlyList<ServedModel>> ServedAsync(CancellationToken cancellationToken)
    {
        var upstreams = pool.All;
        await AskUnaskedAsync(upstreams, cancellationToken).ConfigureAwait(false);
        return [.. upstreams.Select(ListOf).OfType<IReadOnlyList<ServedModel>>().SelectMany(models => models)
            .GroupBy(model => model.Id, StringComparer.OrdinalIgnoreCase)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new ServedModel(
                group.First().Id,
                [.. group.SelectMany(model => model.Aliases).Distinct(StringComparer.OrdinalIgnoreCase)],
                [.. group.SelectMany(model => model.Languages).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))];
    }

    /// <summary>Asks upstreams whose list is due (they started serving, or it is older than <see cref="RefreshInterval"/>) until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                var ask = pool.All.Where(upstream => IsDue(upstream, now)).ToList();
                await Task.WhenAll(ask.Select(upstream => AskAsync(upstream, stopping))).ConfigureAwait(false);
                Forget(gone: asked.Keys.Except(pool.All.Select(upstream => upstream.Name)));
                await wake.WaitAsync(RefreshInterval, time, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    // A serving upstream that is asked, when it just started serving, was never answered, or answered too long ago.
    private bool IsDue(UpstreamOptions upstream, DateTimeOffset now)
    {
        if (upstream.Models is not null || !pool.IsServing(upstream))
        {
            return false;
        }

        var startedServing = due.TryRemove(upstream.Name, out _);
        return startedServing || !asked.TryGetValue(upstream.Name, out var list) || now - list.At >= RefreshInterval;
    }

    // Null: not known yet, or the upstream lists none (it takes any model it is sent).
    private IReadOnlyList<ServedModel>? ListOf(UpstreamOptions upstream) =>
        upstream.Models is { } declared ? [.. declared.Select(ServedModel.Named)] : asked.GetValueOrDefault(upstream.Name)?.Models;

    private Task AskUnaskedAsync(IEnumerable<UpstreamOptions> upstreams, CancellationToken cancellationToken) =>
        Task.WhenAll(upstreams.Where(upstream => upstream.Models is null && !asked.ContainsKey(upstream.Name) && !FailedLately(upstream) && pool.IsServing(upstream))
            .Select(upstream => AskSharedAsync(upstream, cancellationToken)));

    private bool FailedLately(UpstreamOptions upstream) =>
        failedAt.TryGetValue(upstream.Name, out var at) && time.GetUtcNow() - at < RetryAfterFailure;

    // Requests that find the same upstream unasked wait for one ask; it is bounded by the ask timeout, not by any one request.
    private async Task AskSharedAsync(UpstreamOptions upstream, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = asking.GetOrAdd(upstream.Name, mine.Task);
        if (shared != mine.Task)
        {
            await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await AskAsync(upstream, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            asking.TryRemove(KeyValuePair.Create(upstream.Name, mine.Task));
            mine.SetResult();
        }
    }

    private async Task AskAsync(UpstreamOptions upstream, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(askTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        IReadOnlyList<ServedModel>? models;
        try
        {
            using var request = pool.CreateRequest(upstream, HttpMethod.Get, "/v1/models");
            using var response = await pool.Http.SendAsync(request, linked.Token).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500)
            {
                Failed(upstream, $"it answered {(int)response.StatusCode}");
                return;
            }

            models = response.IsSuccessStatusCode ? ModelListing.Parse(await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false)) : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(upstream, $"no answer within {askTimeout.TotalSeconds:0.###} s");
            return;
        }
        catch (Exception e) when (e is HttpRequestException or ObjectDisposedException)
        {
            Failed(upstream, e.Message);
            return;
        }

        failedAt.TryRemove(upstream.Name, out _);
        var before = asked.GetValueOrDefault(upstream.Name)?.Models;
        asked[upstream.Name] = new AskedList(models, time.GetUtcNow());
        if (Describe(before) != Describe(models))
        {
            LogListed(logger, upstream.Name, Describe(models));
        }
    }

    private void Failed(UpstreamOptions upstream, string reason)
    {
        failedAt[upstream.Name] = time.GetUtcNow();
        LogNotAsked(logger, upstream.Name, reason);
    }

    private void Forget(IEnumerable<string> gone)
    {
        foreach (var name in gone.ToList())
        {
            asked.TryRemove(name, out _);
            failedAt.TryRemove(name, out _);
        }
    }

    private static string Describe(IReadOnlyList<ServedModel>? models) =>
        models is null ? "no model list (it is sent every model)" : string.Join(", ", models.Select(model => $"{model.Id} ({string.Join(' ', model.Languages)})"));

    [LoggerMessage(Level = LogLevel.Information, Message = "Upstream {Upstream} serves {Models}")]
    private static partial void LogListed(ILogger logger, string upstream, string models);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not ask upstream {Upstream} for its models: {Reason}")]
    private static partial void LogNotAsked(ILogger logger, string upstream, string reason);

    private sealed record AskedList(IReadOnlyList<ServedModel>? Models, DateTimeOffset At);
}
