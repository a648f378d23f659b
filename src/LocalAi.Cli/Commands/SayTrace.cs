using System.Text.Json;
using System.Text.Json.Serialization;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Cli.Commands;

/// <summary>
/// The <c>--trace</c> file of <c>localai say</c>: what the engine saw and produced at each stage, for comparing runs
/// with another implementation. Top-level token lists concatenate the chunks; <c>chunks</c> has them one by one.
/// </summary>
internal sealed record SayTrace(
    [property: JsonPropertyName("model_dir")] string ModelDirectory,
    [property: JsonPropertyName("dtypes")] string DTypes,
    [property: JsonPropertyName("normalized_text")] string NormalizedText,
    [property: JsonPropertyName("text_token_ids")] IReadOnlyList<long> TextTokenIds,
    [property: JsonPropertyName("audio_tokens")] IReadOnlyList<long> AudioTokens,
    [property: JsonPropertyName("speech_tokens")] IReadOnlyList<int> SpeechTokens,
    [property: JsonPropertyName("sample_rate")] int SampleRate,
    [property: JsonPropertyName("sample_count")] int SampleCount,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("voice")] SayTrace.VoiceTrace Voice,
    [property: JsonPropertyName("chunks")] IReadOnlyList<SayTrace.ChunkTrace> Chunks,
    [property: JsonPropertyName("timings_ms")] SayTrace.StageTimings Timings)
{
    private static readonly JsonSerializerOptions Json = new();

    public static SayTrace From(SynthesisResult result, VoiceConditioning voice, ChatterboxModel model, StageTimings timings) => new(
        model.Directory.Root,
        model.Directory.DTypes.ToString(),
        string.Join(" ", result.Chunks.Select(c => c.NormalizedText)),
        [.. result.Chunks.SelectMany(c => c.TextTokenIds)],
        voice.Conditioning.AudioTokens,
        [.. result.Chunks.SelectMany(c => c.Generation.SpeechTokens)],
        Speech.Chatterbox.SpeechTokens.SampleRate,
        result.Samples.Length,
        result.Seed,
        new VoiceTrace(voice.ClipHash, voice.FromCache, voice.Conditioning.FeatureRows, voice.Conditioning.SpeakerFeatureFrames, voice.EncodeMilliseconds),
        [.. result.Chunks.Select(ChunkTrace.From)],
        timings);

    public void WriteTo(Stream stream) => JsonSerializer.Serialize(stream, this, Json);

    /// <summary>Where the voice conditioning came from.</summary>
    internal sealed record VoiceTrace(
        [property: JsonPropertyName("clip_sha256")] string ClipHash,
        [property: JsonPropertyName("from_cache")] bool FromCache,
        [property: JsonPropertyName("audio_features_rows")] int FeatureRows,
        [property: JsonPropertyName("speaker_features_frames")] int SpeakerFeatureFrames,
        [property: JsonPropertyName("encode_ms")] double EncodeMilliseconds);

    /// <summary>One chunk: its text at each stage, its tokens, and its timings.</summary>
    internal sealed record ChunkTrace(
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("normalized_text")] string NormalizedText,
        [property: JsonPropertyName("text_token_ids")] IReadOnlyList<long> TextTokenIds,
        [property: JsonPropertyName("generated_tokens")] IReadOnlyList<int> GeneratedTokens,
        [property: JsonPropertyName("speech_tokens")] IReadOnlyList<int> SpeechTokens,
        [property: JsonPropertyName("stop_reason")] string StopReason,
        [property: JsonPropertyName("prompt_length")] int PromptLength,
        [property: JsonPropertyName("sample_count")] int SampleCount,
        [property: JsonPropertyName("seed")] int Seed,
        [property: JsonPropertyName("timings_ms")] ChunkTimings Timings)
    {
        public static ChunkTrace From(SynthesizedChunk chunk) => new(
            chunk.Text,
            chunk.NormalizedText,
            chunk.TextTokenIds,
            chunk.Generation.Tokens,
            chunk.Generation.SpeechTokens,
            chunk.Generation.StopReason switch
            {
                Speech.Chatterbox.GenerationStopReason.StopToken => "stop_token",
                Speech.Chatterbox.GenerationStopReason.MaxNewTokens => "max_new_tokens",
                _ => "nothing_to_sample",
            },
            chunk.Generation.PromptLength,
            chunk.Samples.Length,
            chunk.Seed,
            new ChunkTimings(
                chunk.Generation.TextEmbedMilliseconds,
                chunk.Generation.PrefillMilliseconds,
                chunk.Generation.DecodeMilliseconds,
                chunk.Generation.Tokens.Count > 1 ? chunk.Generation.DecodeMilliseconds / (chunk.Generation.Tokens.Count - 1) : 0,
                chunk.DecoderMilliseconds));
    }

    /// <summary>Timings of one chunk's stages.</summary>
    internal sealed record ChunkTimings(
        [property: JsonPropertyName("text_embed")] double TextEmbed,
        [property: JsonPropertyName("prefill")] double Prefill,
        [property: JsonPropertyName("decode")] double Decode,
        [property: JsonPropertyName("per_token")] double PerToken,
        [property: JsonPropertyName("decoder")] double Decoder);

    /// <summary>Timings of the whole command's stages.</summary>
    internal sealed record StageTimings(
        [property: JsonPropertyName("load")] double Load,
        [property: JsonPropertyName("voice")] double Voice,
        [property: JsonPropertyName("synthesis")] double Synthesis);
}
