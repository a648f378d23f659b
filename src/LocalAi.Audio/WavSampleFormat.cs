namespace LocalAi.Audio;

/// <summary>The sample encodings <see cref="WavWriter"/> can write.</summary>
public enum WavSampleFormat
{
    /// <summary>Signed 16-bit integer PCM (format tag 1).</summary>
    Pcm16,

    /// <summary>32-bit IEEE float (format tag 3).</summary>
    Float32,
}
