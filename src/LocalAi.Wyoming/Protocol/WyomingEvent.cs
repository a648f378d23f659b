using System.Text.Json.Nodes;

namespace LocalAi.Wyoming.Protocol;

/// <summary>One Wyoming event: its type, its data (the header's <c>data</c> merged with the data block) and its payload.</summary>
/// <param name="Type">The event type, such as <c>synthesize</c> or <c>audio-chunk</c>.</param>
/// <param name="Data">The event's fields; empty when it has none.</param>
/// <param name="Payload">The binary payload (PCM for <c>audio-chunk</c>); empty when there is none.</param>
public sealed record WyomingEvent(string Type, JsonObject Data, ReadOnlyMemory<byte> Payload)
{
    /// <summary>An event without payload.</summary>
    public WyomingEvent(string type, JsonObject? data = null)
        : this(type, data ?? [], ReadOnlyMemory<byte>.Empty)
    {
    }

    /// <summary>A string field of <see cref="Data"/>, or null when absent or not a string.</summary>
    public string? Text(string name) => Data[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}

/// <summary>The event types this implementation reads and writes (OHF-Voice/wyoming: info.py, tts.py, audio.py, error.py, ping.py).</summary>
public static class WyomingEventTypes
{
    /// <summary><c>describe</c>.</summary>
    public const string Describe = "describe";

    /// <summary><c>info</c>.</summary>
    public const string Info = "info";

    /// <summary><c>synthesize</c>.</summary>
    public const string Synthesize = "synthesize";

    /// <summary><c>synthesize-start</c>.</summary>
    public const string SynthesizeStart = "synthesize-start";

    /// <summary><c>synthesize-chunk</c>.</summary>
    public const string SynthesizeChunk = "synthesize-chunk";

    /// <summary><c>synthesize-stop</c>.</summary>
    public const string SynthesizeStop = "synthesize-stop";

    /// <summary><c>synthesize-stopped</c>.</summary>
    public const string SynthesizeStopped = "synthesize-stopped";

    /// <summary><c>audio-start</c>.</summary>
    public const string AudioStart = "audio-start";

    /// <summary><c>audio-chunk</c>.</summary>
    public const string AudioChunk = "audio-chunk";

    /// <summary><c>audio-stop</c>.</summary>
    public const string AudioStop = "audio-stop";

    /// <summary><c>error</c>.</summary>
    public const string Error = "error";

    /// <summary><c>ping</c>.</summary>
    public const string Ping = "ping";

    /// <summary><c>pong</c>.</summary>
    public const string Pong = "pong";
}
