namespace LocalAi.Speech.Chatterbox.Onnx;

/// <summary>
/// One request's decoding state, the same whether it decodes alone or as a row of a batch: its sampler (seed and
/// repetition-penalty history), the tokens chosen so far, its cache length (the position of its next token) and
/// why it stopped. The budget and stop rules live here and nowhere else.
/// </summary>
internal sealed class DecodeRow
{
    private readonly Sampling.TokenSelector selector;
    private readonly int maxNewTokens;
    private readonly List<int> generated = [];
    private readonly Action<int>? tokenChosen;

    private readonly FamilyDescription family;

    /// <summary>A row whose <c>tokenChosen</c> (for in-sentence streaming) hears every id as it is chosen, on the choosing thread.</summary>
    public DecodeRow(GenerationOptions options, int maxNewTokens, int seed, int promptLength, FamilyDescription? family = null, Action<int>? tokenChosen = null)
    {
        this.family = family ?? FamilyDescription.Turbo;
        selector = new Sampling.TokenSelector(options, this.family.Vocabulary, seed);
        Exaggeration = (float)(options.Exaggeration ?? FamilyDescription.DefaultExaggeration);
        this.tokenChosen = tokenChosen;
        this.maxNewTokens = maxNewTokens;
        PromptLength = promptLength;
        CacheLength = promptLength;
    }

    /// <summary>Positions in the prefill (conditioning rows + text tokens).</summary>
    public int PromptLength { get; }

    /// <summary>Positions this row has in the cache; also the position id of the token it feeds next.</summary>
    public int CacheLength { get; private set; }

    /// <summary>The exaggeration this row's embed_tokens calls take (multilingual only).</summary>
    public float Exaggeration { get; }

    /// <summary>The token this row feeds into the next step.</summary>
    public int LastToken => generated[^1];

    /// <summary>Every token chosen so far.</summary>
    public IReadOnlyList<int> Generated => generated;

    /// <summary>Why the row ended; meaningful once <see cref="Accept"/> returned true.</summary>
    public GenerationStopReason Stop { get; private set; } = GenerationStopReason.MaxNewTokens;

    /// <summary>
    /// Chooses the next token from this row's last-position logits. Returns true when the row is finished (STOP,
    /// nothing left to sample, or the budget spent); otherwise the token is to be fed at position <see cref="CacheLength"/>.
    /// </summary>
    public bool Accept(ReadOnlySpan<float> logits)
    {
        var token = selector.Select(logits);
        if (token < 0)
        {
            Stop = GenerationStopReason.NothingToSample;
            return true;
        }

        generated.Add(token);
        tokenChosen?.Invoke(token);
        if (family.IsStop(token))
        {
            Stop = GenerationStopReason.StopToken;
            return true;
        }

        return generated.Count >= maxNewTokens;
    }

    /// <summary>Records that the last token was fed: the cache grew by one position.</summary>
    public void Fed() => CacheLength++;
}
