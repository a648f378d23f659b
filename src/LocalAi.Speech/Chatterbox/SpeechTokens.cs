namespace LocalAi.Speech.Chatterbox;

/// <summary>Fixed ids and rates of the Chatterbox speech-token vocabulary (S3 tokenizer, 25 tokens per second).</summary>
public static class SpeechTokens
{
    /// <summary>Number of real speech codes; ids below this render audio.</summary>
    public const int CodebookSize = 6561;

    /// <summary>START_SPEECH: the history of the repetition penalty starts with it.</summary>
    public const int Start = 6561;

    /// <summary>STOP_SPEECH: generation ends when it is chosen.</summary>
    public const int Stop = 6562;

    /// <summary>Size of the language model's output vocabulary (codes plus START and STOP).</summary>
    public const int VocabularySize = 6563;

    /// <summary>The silence code appended three times so the decoder renders the last real tokens fully.</summary>
    public const int Silence = 4299;

    /// <summary>How many silence tokens follow the generated ones in the decoder input.</summary>
    public const int SilencePadding = 3;

    /// <summary>Output sample rate of the decoder and input rate of the speech encoder.</summary>
    public const int SampleRate = 24000;

    /// <summary>Samples rendered per speech token (40 ms at 24 kHz).</summary>
    public const int SamplesPerToken = 960;
}
