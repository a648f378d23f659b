namespace LocalAi.Speech.Audio;

/// <summary>
/// Decodes audio of any format: WAV content (recognised by its RIFF/WAVE header, whatever the file is called) is read
/// in-process by <see cref="WavReader"/>; everything else goes through <see cref="FfmpegAudioDecoder"/>.
/// </summary>
public sealed class AudioDecoder
{
    private readonly FfmpegAudioDecoder _ffmpeg;

    /// <summary>Creates a decoder that falls back to the given ffmpeg decoder, or to <c>ffmpeg</c> on PATH.</summary>
    public AudioDecoder(FfmpegAudioDecoder? ffmpeg = null) => _ffmpeg = ffmpeg ?? new FfmpegAudioDecoder();

    /// <summary>Decodes a file.</summary>
    /// <exception cref="InvalidDataException">The file is not decodable audio.</exception>
    /// <exception cref="FfmpegNotFoundException">The file is not WAV and ffmpeg is not installed.</exception>
    public async Task<AudioClip> DecodeFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var header = new byte[12];
        int length;
        await using (var file = File.OpenRead(path))
        {
            length = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        if (length == 0)
        {
            throw new InvalidDataException($"The audio file is empty: {path}");
        }

        return WavReader.IsWav(header.AsSpan(0, length))
            ? WavReader.ReadFile(path)
            : await _ffmpeg.DecodeFileAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decodes encoded audio held in memory.</summary>
    /// <exception cref="InvalidDataException">The bytes are not decodable audio.</exception>
    /// <exception cref="FfmpegNotFoundException">The bytes are not WAV and ffmpeg is not installed.</exception>
    public async Task<AudioClip> DecodeAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        if (bytes.IsEmpty)
        {
            throw new InvalidDataException("The audio is empty (0 bytes).");
        }

        if (WavReader.IsWav(bytes.Span))
        {
            return WavReader.Read(bytes.Span);
        }

        using var input = new MemoryStream(bytes.ToArray(), writable: false);
        return await _ffmpeg.DecodeAsync(input, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a stream to its end and decodes it.</summary>
    /// <exception cref="InvalidDataException">The stream is not decodable audio.</exception>
    /// <exception cref="FfmpegNotFoundException">The stream is not WAV and ffmpeg is not installed.</exception>
    public async Task<AudioClip> DecodeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return await DecodeAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }
}
