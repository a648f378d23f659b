namespace LocalAi.Wyoming.Speech;

/// <summary>
/// What a Wyoming session needs from a speech service: its voices, and "speak this text with this voice" as
/// 24 kHz 16-bit mono PCM, chunk by chunk as it is made.
/// </summary>
public interface IWyomingSpeaker
{
    /// <summary>The voices to list in <c>info</c>.</summary>
    Task<IReadOnlyList<WyomingVoice>> ListVoicesAsync(CancellationToken cancellationToken);

    /// <summary>Speaks <paramref name="text"/>; an unknown voice falls back to the default voice when there is one.</summary>
    /// <param name="text">A sentence or a few.</param>
    /// <param name="voice">A voice's name, id or alias; null for the default voice.</param>
    /// <param name="language">An ISO 639-1 code the served model speaks; null for the service's default (English).</param>
    /// <param name="cancellationToken">Stops the generation.</param>
    /// <returns>Whole 16-bit little-endian samples at <see cref="PcmFormat.SampleRate"/>, as soon as they exist.</returns>
    /// <exception cref="WyomingSpeechException">The text could not be spoken.</exception>
    IAsyncEnumerable<ReadOnlyMemory<byte>> SpeakAsync(string text, string? voice, string? language, CancellationToken cancellationToken);
}

/// <summary>A voice as <c>info</c> lists it.</summary>
/// <param name="Name">The name clients send in <c>synthesize</c>.</param>
/// <param name="Description">What it is (its aliases, or that it selects the default voice).</param>
public sealed record WyomingVoice(string Name, string Description);

/// <summary>The audio every speaker produces: what <c>audio-start</c> and each <c>audio-chunk</c> say.</summary>
public static class PcmFormat
{
    /// <summary>Samples per second.</summary>
    public const int SampleRate = 24000;

    /// <summary>Bytes per sample (16-bit little-endian).</summary>
    public const int SampleWidth = 2;

    /// <summary>Mono.</summary>
    public const int Channels = 1;
}

/// <summary>A synthesis failed; <see cref="Code"/> and the message go to the client in an <c>error</c> event.</summary>
public sealed class WyomingSpeechException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>A short machine-readable reason, such as <c>invalid_request_error</c> or <c>speech-interrupted</c>.</summary>
    public string Code { get; } = code;
}
