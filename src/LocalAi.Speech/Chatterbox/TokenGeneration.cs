namespace LocalAi.Speech.Chatterbox;

/// <summary>Why generation of a chunk ended.</summary>
public enum GenerationStopReason
{
    /// <summary>The model chose STOP (6562).</summary>
    StopToken,

    /// <summary>The max-new-tokens budget ran out first.</summary>
    MaxNewTokens,

    /// <summary>Sampling filtered out every token.</summary>
    NothingToSample,
}

/// <summary>The speech tokens generated for one chunk of text, with stage timings.</summary>
/// <param name="Tokens">Every generated id in order, including a final STOP when the model chose it.</param>
/// <param name="StopReason">Why the loop ended.</param>
/// <param name="PromptLength">Positions in the prefill (conditioning rows + text tokens).</param>
/// <param name="TextEmbedMilliseconds">Time to embed the text prompt.</param>
/// <param name="PrefillMilliseconds">Time of the first language-model call.</param>
/// <param name="DecodeMilliseconds">Time of all later steps (embedding plus language model).</param>
public sealed record TokenGeneration(
    IReadOnlyList<int> Tokens,
    GenerationStopReason StopReason,
    int PromptLength,
    double TextEmbedMilliseconds,
    double PrefillMilliseconds,
    double DecodeMilliseconds)
{
    /// <summary>The tokens that render audio: generated ids below 6561 (START and STOP removed), as PyTorch keeps them.</summary>
    public IReadOnlyList<int> SpeechTokens => Tokens.Where(t => t < Chatterbox.SpeechTokens.CodebookSize).ToList();
}
