using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Cache;

/// <summary>The cache's log messages.</summary>
internal static partial class SpeechCacheLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A rendering from {Upstream} broke off after {Bytes} bytes; it was not stored")]
    public static partial void RenderingBroke(this ILogger logger, string upstream, long bytes, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing a rendering in the speech cache failed")]
    public static partial void StoreFailed(this ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Speech from {Upstream} for voice '{Voice}' was not stored: the answer's voice evidence is {Evidence} (X-Voice {SpokenBy}, clip {Clip}; expected clip {Expected})")]
    public static partial void VoiceNotProven(this ILogger logger, string upstream, string voice, VoiceEvidence evidence, string? spokenBy, string? clip, string? expected);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} is now at version {Version} (was {Previous}); older renderings are no longer served")]
    public static partial void ModelVersionChanged(this ILogger logger, string model, string version, string previous);
}
