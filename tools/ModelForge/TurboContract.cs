namespace LocalAi.ModelForge;

/// <summary>
/// The fixed numbers of the Chatterbox Turbo ONNX contract that every forged model shares,
/// whatever its profile. Tests and benchmarks use them instead of repeating magic numbers.
/// </summary>
public static class TurboContract
{
    /// <summary>GPT-2's 50 257 tokens plus the 19 Chatterbox paralinguistic and style tokens.</summary>
    public const int TextVocabSize = 50276;

    /// <summary>The 6 561 speech codes plus START and STOP: the width of the logits.</summary>
    public const int SpeechVocabSize = 6563;

    /// <summary>Real speech codes are 0 .. 6560; the decoder and encoder only deal in these.</summary>
    public const int SpeechCodeCount = 6561;

    /// <summary>START_SPEECH_TOKEN: seeds the repetition-penalty history, never generated.</summary>
    public const int StartToken = 6561;

    /// <summary>STOP_SPEECH_TOKEN: the generation loop ends when it is chosen.</summary>
    public const int StopToken = 6562;

    /// <summary>The silence code the official loop appends three times before decoding.</summary>
    public const int SilenceToken = 4299;

    /// <summary>Audio sample rate in and out of the graphs.</summary>
    public const int SampleRate = 24000;

    /// <summary>Samples per speech token: 25 tokens per second at 24 kHz.</summary>
    public const int SamplesPerToken = 960;

    /// <summary>Samples per speaker-feature (mel) frame: 50 frames per second at 24 kHz.</summary>
    public const int SamplesPerMelFrame = 480;

    /// <summary>Mel bins of <c>speaker_features</c>.</summary>
    public const int MelBins = 80;

    /// <summary>Width of <c>speaker_embeddings</c> (the CAMPPlus x-vector in the real model).</summary>
    public const int SpeakerEmbeddingSize = 192;

    /// <summary>Seconds of reference audio that become LM conditioning tokens (<c>audio_features</c> rows 1..).</summary>
    public const int ConditioningSeconds = 15;

    /// <summary>Seconds of reference audio that become the decoder prompt (<c>audio_tokens</c>, <c>speaker_features</c>).</summary>
    public const int DecoderPromptSeconds = 10;

    /// <summary>
    /// Synthetic-model mechanism: a speech token whose id is a multiple of this carries a strong "stop" feature in
    /// its embedding, so the step after it is generated the language model's argmax is <see cref="StopToken"/>.
    /// </summary>
    public const int StopTriggerModulus = 53;

    /// <summary>Graph base name of the reference-audio encoder.</summary>
    public const string SpeechEncoder = "speech_encoder";

    /// <summary>Graph base name of the token embedder.</summary>
    public const string EmbedTokens = "embed_tokens";

    /// <summary>Graph base name of the GPT-2 backbone.</summary>
    public const string LanguageModel = "language_model";

    /// <summary>Graph base name of the token-to-waveform decoder.</summary>
    public const string ConditionalDecoder = "conditional_decoder";

    /// <summary>The four graph base names, in pipeline order.</summary>
    public static IReadOnlyList<string> GraphNames { get; } = [SpeechEncoder, EmbedTokens, LanguageModel, ConditionalDecoder];

    /// <summary>Most tokens (and so conditioning rows) the encoder takes from a clip: 15 s at 25 Hz.</summary>
    public static int MaxConditioningTokens => ConditioningSeconds * SampleRate / SamplesPerToken;

    /// <summary>Most prompt tokens the encoder emits for the decoder: 10 s at 25 Hz.</summary>
    public static int MaxPromptTokens => DecoderPromptSeconds * SampleRate / SamplesPerToken;
}
