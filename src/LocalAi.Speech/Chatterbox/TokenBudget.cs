namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// The max-new-tokens budget of a chunk when the caller sets none: generous enough for slow speech (about 3.4
/// tokens, 136 ms, per character against roughly 1.7 for ordinary speech), small enough that a model stuck in a
/// repetition loop stops within a few seconds of audio past the text. Capped at PyTorch's 1000.
/// </summary>
public static class TokenBudget
{
    /// <summary>The largest budget, PyTorch Turbo's <c>max_gen_len</c>.</summary>
    public const int Maximum = 1000;

    /// <summary>The budget for a normalised chunk of text.</summary>
    public static int For(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        return (int)Math.Min(Maximum, 64 + Math.Ceiling(3.4 * normalizedText.Length));
    }
}
