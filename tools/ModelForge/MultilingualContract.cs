namespace LocalAi.ModelForge;

/// <summary>
/// The numbers of the <c>onnx-community/chatterbox-multilingual-ONNX</c> contract that differ from Turbo's
/// (<see cref="TurboContract"/> holds the shared ones: START, STOP, rates, widths of the voice tensors).
/// </summary>
public static class MultilingualContract
{
    /// <summary>The grapheme vocabulary of the multilingual tokenizer.json.</summary>
    public const int TextVocabSize = 2454;

    /// <summary>Rows of the speech-embedding table and width of the logits (ids above 6562 are never trained targets).</summary>
    public const int SpeechVocabSize = 8194;

    /// <summary>The slot at the head of the prompt that <c>embed_tokens</c> fills with the exaggeration projection.</summary>
    public const int ExaggerationToken = 6563;

    /// <summary>Start-of-text, the first text id of the prompt.</summary>
    public const int StartOfText = 255;

    /// <summary>End-of-text: the first 0 of a prompt closes its text part; ids after it are speech ids.</summary>
    public const int EndOfText = 0;

    /// <summary>Rows of the text-position table (PyTorch <c>max_text_tokens</c> + 2).</summary>
    public const int TextPositions = 2050;

    /// <summary>Rows of the speech-position table (PyTorch <c>max_speech_tokens</c> + 4).</summary>
    public const int SpeechPositions = 4100;

    /// <summary>Seconds of reference audio that become conditioning tokens before the perceiver (<c>ENC_COND_LEN</c>).</summary>
    public const int ConditioningSeconds = 6;

    /// <summary>Perceiver queries: <c>audio_features</c> has one speaker row plus this many rows, whatever the clip.</summary>
    public const int PerceiverQueries = 32;

    /// <summary>RoPE base of the Llama backbone.</summary>
    public const float RopeTheta = 500000f;

    /// <summary>The official <c>generation_config.json</c> (2 is listed as an eos id but is a real speech code).</summary>
    public const string GenerationConfig = """{"bos_token_id":1,"eos_token_id":[2,6562],"repetition_penalty":1.2}""";
}
