namespace LocalAi.Audio;

/// <summary>The <c>ffmpeg</c> executable, needed to decode audio that is not WAV and to encode mp3, opus, aac and flac, could not be started.</summary>
public sealed class FfmpegNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception for the executable that failed to start.</summary>
    /// <param name="executable">The command that was started.</param>
    /// <param name="innerException">Why it could not start.</param>
    /// <param name="purpose">What ffmpeg was needed for, as it ends the sentence "it is needed to …".</param>
    public FfmpegNotFoundException(string executable, Exception innerException, string purpose = "read audio that is not WAV (or convert the audio to WAV)")
        : base($"ffmpeg ('{executable}') could not be started; it is needed to {purpose}. Install ffmpeg (apt-get install ffmpeg).", innerException)
    {
    }
}
