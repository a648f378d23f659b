using LocalAi.Speech.Audio;
using LocalAi.Speech.Audio.Encoding;

namespace LocalAi.TtsServer.Encoders;

/// <summary>
/// Stand-in for <c>AudioStreamEncoder.Create</c> until the streaming encoders land: wav and pcm only, written
/// asynchronously (Kestrel forbids synchronous writes), speed not applied. Deleted when the real factory arrives.
/// </summary>
internal static class ResponseEncoders
{
    public static bool Supports(AudioFormat format) => format is AudioFormat.Wav or AudioFormat.Pcm;

    public static IAudioStreamEncoder Create(AudioFormat format, Stream output, AudioEncodingOptions options) =>
        Supports(format) ? new Pcm16Encoder(output, format == AudioFormat.Wav, options.SampleRate) : throw new NotSupportedException($"{format.Name()} is not available yet.");

    private sealed class Pcm16Encoder(Stream output, bool wavHeader, int sampleRate) : IAudioStreamEncoder
    {
        private bool started;

        public async ValueTask WriteAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken = default)
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
            if (!samples.IsEmpty)
            {
                await output.WriteAsync(WavWriter.EncodeSamples(samples.Span, WavSampleFormat.Pcm16), cancellationToken).ConfigureAwait(false);
            }
        }

        public async ValueTask CompleteAsync(CancellationToken cancellationToken = default) => await StartAsync(cancellationToken).ConfigureAwait(false);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private async ValueTask StartAsync(CancellationToken cancellationToken)
        {
            if (started || !wavHeader)
            {
                started = true;
                return;
            }

            started = true;
            using var header = new MemoryStream();
            WavWriter.WriteStreamingHeader(header, sampleRate, 1, WavSampleFormat.Pcm16);
            await output.WriteAsync(header.ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }
}
