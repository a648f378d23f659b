using System.Net.Http.Json;
using System.Text.Json;
using LocalAi.Router.Configuration;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Voices;

/// <summary>
/// One sync of the voice libraries of the given upstreams (serving, keeping voices, most preferred first):
/// <list type="number">
/// <item>a voice whose id is a tombstone (deleted through the router) is deleted wherever it still is;</item>
/// <item>every other voice is owned by the most preferred upstream that has it; its clip and names are the truth;</item>
/// <item>an upstream lacking the voice gets a copy with the same id; one whose clip hash differs has its copy deleted
/// and replaced; one whose name or aliases differ is renamed to match.</item>
/// </list>
/// An upstream that cannot be listed sits this sync out; a step that fails is logged and tried again next time.
/// </summary>
internal sealed partial class VoiceReconciler(VoiceUpstreamClient client, VoiceCopier copier, VoiceTombstones tombstones, ILogger logger)
{
    /// <summary>Syncs, then returns the most preferred listed upstream's voices (null when none could be listed).</summary>
    public async Task<IReadOnlyList<UpstreamVoice>?> SyncAsync(IReadOnlyList<UpstreamOptions> upstreams, CancellationToken cancellationToken)
    {
        var libraries = await ListAllAsync(upstreams, cancellationToken).ConfigureAwait(false);
        if (libraries.Count == 0)
        {
            return null;
        }

        foreach (var (upstream, voices) in libraries)
        {
            foreach (var id in voices.Keys.Where(tombstones.Contains).ToList())
            {
                if (await TryAsync(upstream, id, () => DeleteAsync(upstream, id, "it was deleted through the router", cancellationToken), cancellationToken).ConfigureAwait(false))
                {
                    voices.Remove(id);
                }
            }
        }

        foreach (var (source, voice) in Owners(libraries))
        {
            var missing = new List<UpstreamOptions>();
            foreach (var (target, voices) in libraries.Where(library => library.Upstream.Name != source.Name))
            {
                if (!voices.TryGetValue(voice.Id, out var held))
                {
                    missing.Add(target);
                }
                else if (held.ClipSha256 != voice.ClipSha256)
                {
                    var reason = $"its clip differs from {source.Name}'s";
                    if (await TryAsync(target, voice.Id, () => DeleteAsync(target, voice.Id, reason, cancellationToken), cancellationToken).ConfigureAwait(false))
                    {
                        missing.Add(target);
                    }
                }
                else if (!held.SameNames(voice))
                {
                    await TryAsync(target, voice.Id, () => RenameAsync(target, voice, cancellationToken), cancellationToken).ConfigureAwait(false);
                }
            }

            await TryAsync(source, voice.Id, () => copier.CopyAsync(source, voice, missing, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var preferred = libraries[0].Upstream;
        try
        {
            return await client.ListAsync(preferred, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUpstreamFailure(e, cancellationToken))
        {
            LogListFailed(logger, e, preferred.Name);
            return [.. libraries[0].Voices.Values];
        }
    }

    /// <summary>Each voice once, with the most preferred upstream that holds it.</summary>
    private static IEnumerable<(UpstreamOptions Source, UpstreamVoice Voice)> Owners(List<(UpstreamOptions Upstream, Dictionary<string, UpstreamVoice> Voices)> libraries)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (upstream, voices) in libraries)
        {
            foreach (var voice in voices.Values.Where(voice => seen.Add(voice.Id)))
            {
                yield return (upstream, voice);
            }
        }
    }

    private async Task<List<(UpstreamOptions Upstream, Dictionary<string, UpstreamVoice> Voices)>> ListAllAsync(
        IReadOnlyList<UpstreamOptions> upstreams, CancellationToken cancellationToken)
    {
        var libraries = new List<(UpstreamOptions, Dictionary<string, UpstreamVoice>)>();
        foreach (var upstream in upstreams)
        {
            try
            {
                var voices = await client.ListAsync(upstream, cancellationToken).ConfigureAwait(false);
                libraries.Add((upstream, voices.ToDictionary(voice => voice.Id, StringComparer.Ordinal)));
            }
            catch (Exception e) when (IsUpstreamFailure(e, cancellationToken))
            {
                LogListFailed(logger, e, upstream.Name);
            }
        }

        return libraries;
    }

    private async Task<bool> DeleteAsync(UpstreamOptions upstream, string id, string reason, CancellationToken cancellationToken)
    {
        using var response = await client.DeleteAsync(upstream, id, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        LogDeleted(logger, id, upstream.Name, reason);
        return true;
    }

    private async Task<bool> RenameAsync(UpstreamOptions upstream, UpstreamVoice voice, CancellationToken cancellationToken)
    {
        using var body = JsonContent.Create(new { name = voice.Name, aliases = voice.Aliases });
        using var response = await client.PatchAsync(upstream, voice.Id, body, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            LogRenameRefused(logger, voice.Id, upstream.Name, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return false;
        }

        LogRenamed(logger, voice.Id, upstream.Name, voice.Name);
        return true;
    }

    private async Task<bool> TryAsync<T>(UpstreamOptions upstream, string id, Func<Task<T>> step, CancellationToken cancellationToken)
    {
        try
        {
            await step().ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsUpstreamFailure(e, cancellationToken))
        {
            LogStepFailed(logger, e, id, upstream.Name);
            return false;
        }
    }

    private static bool IsUpstreamFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or JsonException or InvalidDataException or KeyNotFoundException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice sync: listing the voices of {Upstream} failed; it sits this sync out")]
    private static partial void LogListFailed(ILogger logger, Exception exception, string upstream);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voice sync: deleted the voice {Id} on {Upstream}: {Reason}")]
    private static partial void LogDeleted(ILogger logger, string id, string upstream, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voice sync: renamed the voice {Id} on {Upstream} to '{Name}'")]
    private static partial void LogRenamed(ILogger logger, string id, string upstream, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice sync: {Upstream} refused to rename the voice {Id}: {Status} {Body}")]
    private static partial void LogRenameRefused(ILogger logger, string id, string upstream, int status, string body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice sync: a step for the voice {Id} on {Upstream} failed; the next sync tries again")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string id, string upstream);
}
