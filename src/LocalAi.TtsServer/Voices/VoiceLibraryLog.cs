namespace LocalAi.TtsServer.Voices;

/// <summary>What the voice library skips or cannot tidy up (a broken voice folder at start, a clip cut short), as warnings in the server's log.</summary>
internal static partial class VoiceLibraryLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice library: {Problem}")]
    public static partial void Warning(ILogger logger, string problem);
}
