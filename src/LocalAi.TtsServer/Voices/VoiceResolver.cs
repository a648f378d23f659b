using System.Collections.Concurrent;
using LocalAi.Hosting.Errors;
using LocalAi.Hosting.Speech;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Voices;
using LocalAi.TtsServer.Configuration;

namespace LocalAi.TtsServer.Voices;

/// <summary>
/// Maps a request's <c>voice</c> to a reference clip: a library voice by id, name or alias first; then an OpenAI
/// voice name (or <c>default</c>) to the default voice; anything else is a 400 that says how to list voices.
/// Conditionings come from the in-memory LRU, then the synthesizer's on-disk cache, then the speech encoder.
/// </summary>
internal sealed class VoiceResolver(TtsServerOptions options, IVoiceLibrary? library, Func<string?> pulledDefaultVoice, ConditioningLru cache)
{
    /// <summary>Finds the voice; throws a 400 when there is none.</summary>
    public ResolvedVoice Resolve(string voice)
    {
        if (library?.Find(voice) is { } found)
        {
            return FromLibrary(found);
        }

        if (!OpenAiVoiceNames.IsBuiltIn(voice))
        {
            throw OpenAiErrors.BadRequest(
                $"Unknown voice '{voice}'. GET /v1/audio/voices lists this server's voices (by id, name or alias); " +
                $"the OpenAI voice names ({string.Join(", ", OpenAiVoiceNames.All)}) select the default voice.",
                "voice");
        }

        return DefaultVoice() ?? throw OpenAiErrors.BadRequest(
            $"Voice '{voice}' selects the default voice, and this server has none: upload a voice with POST /v1/audio/voices " +
            $"(give it the alias '{voice}'), set TtsServer:DefaultVoice, or run `localai models pull` to fetch the default voice.",
            "voice");
    }

    private readonly ConcurrentDictionary<string, bool> prepared = new(StringComparer.Ordinal);

    /// <summary>Finds a library voice by id, name or alias; null when there is none (or no library).</summary>
    public ResolvedVoice? FindInLibrary(string idNameOrAlias) => library?.Find(idNameOrAlias) is { } found ? FromLibrary(found) : null;

    /// <summary>The voice's conditioning, from memory, the disk cache, or the speech encoder (off the request thread).</summary>
    public async Task<SpeechConditioning> ConditionAsync(SpeechSynthesizer synthesizer, ResolvedVoice voice, CancellationToken cancellationToken)
    {
        var conditioning = await cache.GetOrAdd(voice.CacheKey, () => Task.Run(
            async () => (await synthesizer.PrepareVoiceAsync(voice.ClipPath, cancellationToken: CancellationToken.None).ConfigureAwait(false)).Conditioning,
            CancellationToken.None)).WaitAsync(cancellationToken).ConfigureAwait(false);
        prepared[voice.CacheKey] = true;
        return conditioning;
    }

    /// <summary>Whether this process has computed (or read) the conditioning of a library voice's current clip.</summary>
    public bool IsPrepared(VoiceInfo voice) => prepared.ContainsKey(LibraryKeyPrefix(voice.Id) + voice.ClipSha256);

    /// <summary>Drops what is held about a library voice (it was deleted or changed).</summary>
    public void Forget(string id)
    {
        cache.Forget(LibraryKeyPrefix(id));
        foreach (var key in prepared.Keys.Where(k => k.StartsWith(LibraryKeyPrefix(id), StringComparison.Ordinal)))
        {
            prepared.TryRemove(key, out _);
        }
    }

    /// <summary>The in-memory key prefix of a library voice (to forget it when it changes).</summary>
    public static string LibraryKeyPrefix(string id) => $"library:{id}:";

    private ResolvedVoice FromLibrary(VoiceInfo voice) =>
        new(voice.Id, library!.ClipPath(voice), LibraryKeyPrefix(voice.Id) + voice.ClipSha256, voice.ClipSha256);

    private ResolvedVoice? DefaultVoice()
    {
        if (options.DefaultVoice is { } configured)
        {
            if (library?.Find(configured) is { } found)
            {
                return FromLibrary(found) with { Name = "default" };
            }

            if (File.Exists(configured))
            {
                return FromFile(configured);
            }

            throw OpenAiErrors.ServerError(
                $"The configured default voice '{configured}' is neither a library voice nor a file (TtsServer:DefaultVoice).");
        }

        return pulledDefaultVoice() is { } pulled ? FromFile(pulled) : null;
    }

    private static ResolvedVoice FromFile(string path)
    {
        var full = Path.GetFullPath(path);
        return new ResolvedVoice("default", full, $"file:{full}:{File.GetLastWriteTimeUtc(full).Ticks}", null);
    }
}
