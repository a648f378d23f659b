namespace LocalAi.Audio.Encoding;

/// <summary>Encoding a response failed: ffmpeg stopped with an error, or the output stream refused the encoded bytes.</summary>
public sealed class AudioEncodingException : IOException
{
    /// <summary>Creates the exception.</summary>
    public AudioEncodingException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
