using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using LocalAi.Router.Configuration;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Voices;

/// <summary>
/// Stores a voice on another upstream under the same id, name, aliases and consent, with the clip read from the
/// upstream that has it. The tts-server stores a 24 kHz mono PCM16 WAV unchanged, so the copy's <c>clip_sha256</c> must
/// equal the original's; a copy that differs is reported rather than trusted.
/// </summary>
internal sealed partial class VoiceCopier(VoiceUpstreamClient client, ILogger logger)
{
    /// <summary>Copies <paramref name="voice"/> from <paramref name="source"/> to each target; returns the targets that now hold the same clip.</summary>
    public async Task<IReadOnlyList<UpstreamOptions>> CopyAsync(
        UpstreamOptions source, UpstreamVoice voice, IEnumerable<UpstreamOptions> targets, CancellationToken cancellationToken)
    {
        var pending = targets.ToList();
        if (pending.Count == 0)
        {
            return [];
        }

        var clip = await client.SampleAsync(source, voice.Id, cancellationToken).ConfigureAwait(false);
        if (Convert.ToHexStringLower(SHA256.HashData(clip)) != voice.ClipSha256)
        {
            LogSampleChanged(logger, voice.Id, source.Name);
            return [];
        }

        var copied = new List<UpstreamOptions>();
        foreach (var target in pending)
        {
            if (await CopyToAsync(target, voice, clip, cancellationToken).ConfigureAwait(false))
            {
                copied.Add(target);
            }
        }

        return copied;
    }

    private async Task<bool> CopyToAsync(UpstreamOptions target, UpstreamVoice voice, byte[] clip, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.UploadAsync(target, VoiceUpload.CopyOf(voice, clip), cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                LogCopyRefused(logger, voice.Id, voice.Name, target.Name, (int)response.StatusCode, body);
                return false;
            }

            using var created = JsonDocument.Parse(body);
            var stored = created.RootElement.TryGetProperty("clip_sha256", out var hash) ? hash.GetString() : null;
            if (stored != voice.ClipSha256)
            {
                LogHashDiffers(logger, voice.Id, target.Name, stored ?? "(none)", voice.ClipSha256);
                return false;
            }

            LogCopied(logger, voice.Id, voice.Name, target.Name);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogCopyFailed(logger, e, voice.Id, target.Name);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied the voice {Id} ('{Name}') to {Upstream}")]
    private static partial void LogCopied(ILogger logger, string id, string name, string upstream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Upstream} refused a copy of the voice {Id} ('{Name}'): {Status} {Body}")]
    private static partial void LogCopyRefused(ILogger logger, string id, string name, string upstream, int status, string body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copying the voice {Id} to {Upstream} failed")]
    private static partial void LogCopyFailed(ILogger logger, Exception exception, string id, string upstream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Upstream} stored the copy of the voice {Id} with the clip hash {Stored}, not {Expected}")]
    private static partial void LogHashDiffers(ILogger logger, string id, string upstream, string stored, string expected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sample of the voice {Id} on {Upstream} does not match its clip_sha256 (it changed meanwhile); not copied")]
    private static partial void LogSampleChanged(ILogger logger, string id, string upstream);
}
