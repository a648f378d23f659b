using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalAi.Speech.Voices;

/// <summary>The contents of a voice's <c>voice.json</c>: everything <see cref="VoiceInfo"/> has, plus where the clip came from.</summary>
internal sealed record VoiceMetadata
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    // A setter, not init: for init-only properties the source generator assigns null when the JSON leaves them out.
    public IReadOnlyList<string> Aliases { get; set; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>SHA-256 of the stored <c>voice.wav</c> file, so <c>sha256sum voice.wav</c> checks it.</summary>
    public required string ClipSha256 { get; init; }

    public required bool Consent { get; init; }

    public string? OriginalFileName { get; init; }

    /// <summary><c>wav</c> when the upload had a RIFF/WAVE header, otherwise the upload's file extension, if any.</summary>
    public string? OriginalFormat { get; init; }

    public int? OriginalSampleRate { get; init; }

    public int? OriginalChannels { get; init; }

    public VoiceInfo ToInfo() => new(Id, Name, Aliases, CreatedAt, DurationSeconds, ClipSha256, Consent);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, VoiceMetadataJson.Default.VoiceMetadata);

    /// <exception cref="JsonException">The text is not a complete voice.json.</exception>
    public static VoiceMetadata FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, VoiceMetadataJson.Default.VoiceMetadata) ?? throw new JsonException("voice.json holds null.");
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VoiceMetadata))]
internal sealed partial class VoiceMetadataJson : JsonSerializerContext;
