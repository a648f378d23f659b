using LocalAi.Audio;

namespace LocalAi.Speech.Audio;

/// <summary>
/// Decodes audio of any format: WAV content (recognised by its RIFF/WAVE header, whatever the file is called) is read
/// in-process by <see cref="WavReader"/>; everything else goes through <see cref="FfmpegAudioDecoder"/>, which hands
/// back 24 kHz mono. Either way only the first <c>maxSeconds</c> are decoded, so the work and memory a file costs
/// are bounded by that, not by what its header or its compression claims.
/// </summary>
public sealed class AudioDecoder
{
    /// <summary>The longest clip the voice library accepts (60 s) plus one second: enough to tell a clip is too long.</summary>
    public const double DefaultMaxSeconds = 61;

    private readonly FfmpegAudioDecoder ffmpeg;

    /// <summary>Creates a decoder that falls back to the given ffmpeg decoder, or to <c>ffmpeg</c> on PATH.</summary>
    public AudioDecoder(FfmpegAudioDecoder? ffmpeg = null) => this.ffmpeg = ffmpeg ?? new FfmpegAudioDecoder();

    /// <summary>Decodes the first <see cref="DefaultMaxSeconds"/> of a file.</summary>
    /// <exception cref="InvalidDataException">The file is not decodable audio.</exception>
    /// <exception cref="FfmpegNotFoundException">The file is not WAV and ffmpeg is not installed.</exception>
    public Task<AudioClip> DecodeFileAsync(string path, CancellationToken cancellationToken = default) =>
        DecodeFileAsync(path, DefaultMaxSeconds, cancellationToken);

    /// <summary>Decodes the first <paramref name="maxSeconds"/> of a file.</summary>
    /// <exception cref="InvalidDataException">The file is not decodable audio.</exception>
    /// <exception cref="FfmpegNotFoundException">The file is not WAV and ffmpeg is not installed.</exception>
    public async Task<AudioClip> DecodeFileAsync(string path, double maxSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var header = new byte[12];
        int length;
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            length = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }

        if (length == 0)
        {
            throw new InvalidDataException($"The audio file {Path.GetFileName(path)} is empty.");
        }

        return WavReader.IsWav(header.AsSpan(0, length))
            ? WavReader.ReadFile(path, maxSeconds)
            : await this.ffmpeg.DecodeFileAsync(path, maxSeconds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decodes the first <see cref="DefaultMaxSeconds"/> of encoded audio held in memory.</summary>
    /// <exception cref="InvalidDataException">The bytes are not decodable audio.</exception>
    /// <exception cref="FfmpegNotFoundException">The bytes are not WAV and ffmpeg is not installed.</exception>
    public Task<AudioClip> DecodeAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        DecodeAsync(bytes, DefaultMaxSeconds, cancellationToken);

    /// <summary>Decodes the first <paramref name="maxSeconds"/> of encoded audio held in memory.</summary>
    /// <exception cref="InvalidDataException">The bytes are not decodable audio.</exception>
    /// <exception cref="FfmpegNotFoundException">The bytes are not WAV and ffmpeg is not installed.</exception>
    public async Task<AudioClip> DecodeAsync(ReadOnlyMemory<byte> bytes, double maxSeconds, CancellationToken cancellationToken = default)
    {
        if (bytes.IsEmpty)
        {
            throw new InvalidDataException("The audio is empty (0 bytes).");
        }

        if (WavReader.IsWav(bytes.Span))
        {
            return WavReader.Read(bytes.Span, maxSeconds);
        }

        using var input = new MemoryStream(bytes.ToArray(), writable: false);
        return await this.ffmpeg.DecodeAsync(input, maxSeconds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a stream to its end and decodes its first <see cref="DefaultMaxSeconds"/>.</summary>
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
