using System.Text.Json.Nodes;
using System.Threading.Channels;
using LocalAi.Text;
using LocalAi.Wyoming.Protocol;
using LocalAi.Wyoming.Speech;
using Microsoft.Extensions.Logging;

namespace LocalAi.Wyoming.Session;

/// <summary>
/// One client connection. A reader task turns the bytes into events; this session answers them in order:
/// <c>describe</c> → <c>info</c>; <c>synthesize</c> → one <c>audio-start</c>, the chunks, <c>audio-stop</c>, spoken
/// sentence by sentence; <c>synthesize-start</c>/<c>-chunk</c>/<c>-stop</c> → each sentence spoken as soon as it is
/// complete (its own start/chunks/stop), then <c>synthesize-stopped</c>; the compatibility <c>synthesize</c> inside a
/// stream is ignored. A failed synthesis answers <c>error</c> and the connection stays usable. When the client leaves,
/// or sends what is not an event, everything it asked for stops and the connection closes.
/// </summary>
internal sealed partial class WyomingSession(Stream connection, IWyomingSpeaker speaker, WyomingProgram program, WyomingLimits limits, ILogger logger)
{
    private const int QueuedEvents = 64;
    private static readonly TimeSpan LastWordTimeout = TimeSpan.FromSeconds(2);

    private SentenceBuffer? stream;
    private string? streamVoice;
    private string? streamLanguage;

    public async Task RunAsync(CancellationToken stopping)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var writer = new WyomingEventWriter(connection);
        var reader = new WyomingEventReader(connection, limits);
        await using (reader.ConfigureAwait(false))
        {
            var events = Channel.CreateBounded<WyomingEvent>(new BoundedChannelOptions(QueuedEvents) { SingleReader = true, SingleWriter = true });
            var reading = ReadAllAsync(reader, writer, events.Writer, session);
            try
            {
                await foreach (var message in events.Reader.ReadAllAsync(session.Token).ConfigureAwait(false))
                {
                    await HandleAsync(message, writer, session.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The client left (or the server stops): what it asked for is cancelled with the session.
            }
            finally
            {
                await session.CancelAsync().ConfigureAwait(false);
                await reading.ConfigureAwait(false);
            }
        }
    }

    private async Task ReadAllAsync(WyomingEventReader reader, WyomingEventWriter writer, ChannelWriter<WyomingEvent> events, CancellationTokenSource session)
    {
        try
        {
            while (await reader.ReadAsync(session.Token).ConfigureAwait(false) is { } message)
            {
                await events.WriteAsync(message, session.Token).ConfigureAwait(false);
            }
        }
        catch (WyomingProtocolException e)
        {
            LogProtocolError(logger, e.Message);
            using var timeout = new CancellationTokenSource(LastWordTimeout);
            await writer.WriteAsync(Error("protocol-error", e.Message), timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The connection is gone or the session ends.
        }
        finally
        {
            events.TryComplete();
            // The client closed or broke the connection: stop what it asked for.
            await session.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(WyomingEvent message, WyomingEventWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            switch (message.Type)
            {
                case WyomingEventTypes.Describe:
                    await writer.WriteAsync(program.Info(await VoicesAsync(cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
                    break;
                case WyomingEventTypes.Ping:
                    await writer.WriteAsync(new WyomingEvent(WyomingEventTypes.Pong, new JsonObject { ["text"] = message.Text("text") }), cancellationToken).ConfigureAwait(false);
                    break;
                case WyomingEventTypes.Synthesize when stream is not null:
                    break; // Sent inside a stream only for older servers: the chunks already carry the text.
                case WyomingEventTypes.Synthesize:
                    await SpeakWholeAsync(writer, message, cancellationToken).ConfigureAwait(false);
                    break;
                case WyomingEventTypes.SynthesizeStart:
                    stream = new SentenceBuffer();
                    streamVoice = VoiceOf(message);
                    streamLanguage = program.LanguageOf(message);
                    break;
                case WyomingEventTypes.SynthesizeChunk:
                    await SpeakChunkAsync(writer, message, cancellationToken).ConfigureAwait(false);
                    break;
                case WyomingEventTypes.SynthesizeStop:
                    await StopStreamAsync(writer, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    LogIgnored(logger, message.Type);
                    break;
            }
        }
        catch (WyomingSpeechException e)
        {
            LogSpeechFailed(logger, e.Code, e.Message);
            await writer.WriteAsync(Error(e.Code, e.Message), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SpeakWholeAsync(WyomingEventWriter writer, WyomingEvent message, CancellationToken cancellationToken)
    {
        var text = message.Text("text") ?? throw new WyomingSpeechException("missing-text", "'synthesize' needs a 'text'.");
        var (voice, language) = (VoiceOf(message), program.LanguageOf(message));
        await writer.WriteAsync(AudioStart(), cancellationToken).ConfigureAwait(false);
        foreach (var sentence in TextChunker.Chunk(text, TextChunker.DefaultMaxChars, firstSentenceAlone: true))
        {
            await SpeakAsync(writer, sentence, voice, language, cancellationToken).ConfigureAwait(false);
        }

        await writer.WriteAsync(new WyomingEvent(WyomingEventTypes.AudioStop), cancellationToken).ConfigureAwait(false);
    }

    private async Task SpeakChunkAsync(WyomingEventWriter writer, WyomingEvent message, CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            throw new WyomingSpeechException("no-stream", "'synthesize-chunk' came without 'synthesize-start'.");
        }

        foreach (var sentence in stream.Add(message.Text("text") ?? ""))
        {
            await SpeakSentenceAsync(writer, sentence, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StopStreamAsync(WyomingEventWriter writer, CancellationToken cancellationToken)
    {
        var rest = stream?.Finish() ?? [];
        stream = null;
        try
        {
            foreach (var sentence in rest)
            {
                await SpeakSentenceAsync(writer, sentence, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await writer.WriteAsync(new WyomingEvent(WyomingEventTypes.SynthesizeStopped), cancellationToken).ConfigureAwait(false);
        }
    }

    // In a stream each sentence is its own audio-start … audio-stop; a failed one is reported and the stream goes on.
    private async Task SpeakSentenceAsync(WyomingEventWriter writer, string sentence, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync(AudioStart(), cancellationToken).ConfigureAwait(false);
            await SpeakAsync(writer, sentence, streamVoice, streamLanguage, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(new WyomingEvent(WyomingEventTypes.AudioStop), cancellationToken).ConfigureAwait(false);
        }
        catch (WyomingSpeechException e)
        {
            LogSpeechFailed(logger, e.Code, e.Message);
            await writer.WriteAsync(Error(e.Code, e.Message), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SpeakAsync(WyomingEventWriter writer, string text, string? voice, string? language, CancellationToken cancellationToken)
    {
        await foreach (var samples in speaker.SpeakAsync(text, voice, language, cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(new WyomingEvent(WyomingEventTypes.AudioChunk, AudioFormat(), samples), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<WyomingVoice>> VoicesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await speaker.ListVoicesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WyomingSpeechException or HttpRequestException)
        {
            // Still describe the program, so the client can add it; the voices show once the service answers.
            LogVoicesUnavailable(logger, e.Message);
            return [];
        }
    }

    private static string? VoiceOf(WyomingEvent message) =>
        message.Data["voice"] is JsonObject voice && voice["name"] is JsonValue name && name.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static WyomingEvent AudioStart() => new(WyomingEventTypes.AudioStart, AudioFormat());

    private static JsonObject AudioFormat() => new()
    {
        ["rate"] = PcmFormat.SampleRate,
        ["width"] = PcmFormat.SampleWidth,
        ["channels"] = PcmFormat.Channels,
    };

    private static WyomingEvent Error(string code, string text) => new(WyomingEventTypes.Error, new JsonObject { ["text"] = text, ["code"] = code });

    [LoggerMessage(Level = LogLevel.Information, Message = "Wyoming: closing a connection that sent no valid event: {Reason}")]
    private static partial void LogProtocolError(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Wyoming: ignoring a '{Type}' event")]
    private static partial void LogIgnored(ILogger logger, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wyoming: synthesis failed ({Code}): {Reason}")]
    private static partial void LogSpeechFailed(ILogger logger, string code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wyoming: the voice list is unavailable: {Reason}")]
    private static partial void LogVoicesUnavailable(ILogger logger, string reason);
}
