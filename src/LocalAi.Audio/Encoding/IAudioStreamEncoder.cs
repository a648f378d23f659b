namespace LocalAi.Audio.Encoding;

/// <summary>
/// One encoder per response: takes 24 kHz mono float samples as they are synthesized and writes the encoded bytes
/// of ONE container to the output stream as soon as the codec produces them (never one file per chunk).
/// </summary>
public interface IAudioStreamEncoder : IAsyncDisposable
{
    /// <summary>Encodes more samples; encoded bytes reach the output as soon as they are available.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken = default);

    /// <summary>Ends the stream: flushes the codec and writes any trailer. Call once, after the last samples.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken = default);
}
