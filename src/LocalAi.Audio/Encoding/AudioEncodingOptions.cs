namespace LocalAi.Audio.Encoding;

/// <summary>How audio is encoded for a response.</summary>
public sealed record AudioEncodingOptions
{
    /// <summary>Sample rate of the input samples (the engine's 24 kHz).</summary>
    public int SampleRate { get; init; } = 24000;

    /// <summary>Playback speed, 0.25 to 4: a time-stretch that keeps the pitch. 1 leaves the audio as it is.</summary>
    public double Speed { get; init; } = 1.0;

    /// <summary>The ffmpeg executable that encodes the compressed formats: a name looked up on PATH, or a full path.</summary>
    public string FfmpegExecutable { get; init; } = "ffmpeg";
}
