using LocalAi.Speech.Text.Unicode;

namespace LocalAi.Speech.Text.Multilingual;

/// <summary>
/// The text preparation of Chatterbox Multilingual, in the order of PyTorch's <c>mtl_tts.py</c> and
/// <c>MTLTokenizer.encode</c>: 1. the multilingual <c>punc_norm</c>; 2. Python lower case; 3. NFKD; 4. the language's
/// own step; 5. the <c>[xx]</c> language prefix; 6. every space to <c>[SPACE]</c>.
/// </summary>
/// <remarks>
/// Language steps: <c>zh</c> Cangjie codes after jieba word segmentation (PyTorch uses pkuseg); <c>ko</c> Hangul
/// to Jamo and strip; <c>ja</c> kana passes unchanged (kanji are left as they are: PyTorch reads them as hiragana
/// with pykakasi's dictionary, which has no .NET counterpart here); <c>he</c> diacritics (dicta) and <c>ru</c> stress
/// marks are skipped, as PyTorch does when their optional packages are missing. See docs/languages.md.
/// </remarks>
internal sealed class MultilingualTextPreparer(ChineseCangjie? cangjie)
{
    /// <summary>What PyTorch writes for a space before tokenizing.</summary>
    public const string SpaceToken = "[SPACE]";

    /// <summary>Prepares <paramref name="text"/> for the tokenizer; <paramref name="language"/> is a supported code.</summary>
    public string Prepare(string text, string language)
    {
        var prepared = PunctuationNormalizer.NormalizeMultilingual(text);
        prepared = UnicodeDecomposition.Nfkd(PythonText.Lower(prepared));
        prepared = language switch
        {
            "zh" => (cangjie ?? throw new InvalidOperationException(
                "Chinese needs the model's Cangjie5_TC.json, which was not given when the multilingual tokenizer was loaded.")).Convert(prepared),
            "ko" => KoreanJamo.Decompose(prepared),
            _ => prepared,
        };
        return $"[{language}]{prepared}".Replace(" ", SpaceToken, StringComparison.Ordinal);
    }
}
