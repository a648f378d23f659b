using System.Globalization;
using LocalAi.Audio;
using LocalAi.Speech.Audio;

namespace LocalAi.Speech.Voices;

/// <summary>Reads an upload up to a byte limit and decodes it, turning "not audio" into a voice-library error.</summary>
internal static class UploadReader
{
    private const int ChunkBytes = 81_920;

    /// <summary>Reads the whole stream, refusing it as soon as it passes <paramref name="limit"/> bytes.</summary>
    /// <exception cref="VoiceLibraryException">With <see cref="VoiceLibraryError.InvalidAudio"/> when the stream is too large.</exception>
    public static async Task<byte[]> ReadAsync(Stream audio, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await audio.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new VoiceLibraryException(VoiceLibraryError.InvalidAudio, $"The audio sample is larger than the {Describe(limit)} limit; send a shorter clip or a compressed format (mp3, ogg, flac).");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Decodes audio of any format <see cref="AudioDecoder"/> reads, one second past the longest clip accepted: enough
    /// to tell that a clip is too long without decoding all of it.
    /// </summary>
    /// <exception cref="VoiceLibraryException">With <see cref="VoiceLibraryError.InvalidAudio"/> when it is not decodable audio.</exception>
    /// <exception cref="FfmpegNotFoundException">The upload is not WAV and ffmpeg is not installed (a server problem, not the user's).</exception>
    public static async Task<AudioClip> DecodeAsync(AudioDecoder decoder, byte[] bytes, VoiceLibraryOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await decoder.DecodeAsync(bytes, options.MaxSeconds + 1, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new VoiceLibraryException(VoiceLibraryError.InvalidAudio, $"The audio sample is not audio that can be decoded: {e.Message}", e);
        }
    }

    /// <summary><c>wav</c> for RIFF/WAVE content, otherwise the file name's extension in lower case; null when neither tells.</summary>
    public static string? FormatOf(ReadOnlySpan<byte> bytes, string? fileName)
    {
        if (WavReader.IsWav(bytes))
        {
            return "wav";
        }

        var extension = Path.GetExtension(fileName);
        return string.IsNullOrEmpty(extension) || extension.Length == 1 ? null : extension[1..].ToLowerInvariant();
    }

    private static string Describe(long bytes) =>
        bytes % (1024 * 1024) == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB ({bytes} bytes)")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes}-byte");
}
