namespace LocalAi.Speech.Audio;

/// <summary>The <c>ffmpeg</c> executable, needed to decode audio that is not WAV, could not be started.</summary>
public sealed class FfmpegNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception for the executable that failed to start.</summary>
    public FfmpegNotFoundException(string executable, Exception innerException)
        : base($"ffmpeg ('{executable}') could not be started; it is needed to read audio that is not WAV. Install ffmpeg (apt-get install ffmpeg) or convert the audio to WAV.", innerException)
    {
    }
}
