namespace LocalAi.Speech.Text;

/// <summary>The scalar settings of a <c>BPE</c> model node in <c>tokenizer.json</c>.</summary>
/// <param name="UnknownToken">The token for characters outside the vocab, or null to drop them.</param>
/// <param name="ContinuingSubwordPrefix">Prefix of every symbol but a word's first, or null.</param>
/// <param name="EndOfWordSuffix">Suffix of a word's last symbol, or null.</param>
/// <param name="FuseUnknown">Consecutive unknown characters become one unknown token.</param>
/// <param name="ByteFallback">Unknown characters become <c>&lt;0xNN&gt;</c> byte tokens when the vocab has them.</param>
/// <param name="IgnoreMerges">A pre-token found whole in the vocab is taken as is, without merging.</param>
internal sealed record BpeOptions(
    string? UnknownToken,
    string? ContinuingSubwordPrefix,
    string? EndOfWordSuffix,
    bool FuseUnknown,
    bool ByteFallback,
    bool IgnoreMerges);
