namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// A max-new-tokens budget that the model cannot hold: GPT-2 has <c>n_positions</c> learned positions, and the
/// voice conditioning and the chunk's text tokens take some of them before the first generated token.
/// </summary>
public sealed class TokenBudgetException : ArgumentOutOfRangeException
{
    /// <summary>Creates the exception for a budget above what is left.</summary>
    /// <param name="requested">The budget asked for.</param>
    /// <param name="limit">The most the model can generate after this prompt (0 or less when the prompt alone fills it).</param>
    /// <param name="positions">The model's <c>n_positions</c>.</param>
    public TokenBudgetException(int requested, int limit, int positions)
        : base(nameof(GenerationOptions.MaxNewTokens), requested, Describe(limit, positions))
    {
        Limit = limit;
        Reason = Describe(limit, positions);
    }

    /// <summary>The most the model can generate after this prompt.</summary>
    public int Limit { get; }

    /// <summary>What is wrong, without the parameter name and value that <see cref="ArgumentOutOfRangeException"/> appends.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string Message => Reason;

    private static string Describe(int limit, int positions) =>
        limit > 0
            ? $"max_new_tokens must be at most {limit}: the model has {positions} positions and the voice and the text take the rest."
            : $"the voice and the text fill all {positions} positions of the model: use a shorter voice clip or shorter text chunks.";
}
