using LocalAi.Text;

namespace LocalAi.Speech.Text.Multilingual;

/// <summary>
/// The text side of Chatterbox Multilingual: turns text in one of the 23 languages into exactly the ids the official
/// multilingual ONNX loop feeds <c>embed_tokens</c>: the PyTorch text preparation (<see cref="Prepare"/>), then the
/// model's <c>tokenizer.json</c> including its post-processor template (for the onnx-community file:
/// exaggeration slot, <c>[START]</c>, text, <c>[STOP]</c>, start of speech twice).
/// </summary>
/// <remarks>Callers pass raw text: the multilingual <c>punc_norm</c> is part of the preparation. Thread-safe.</remarks>
public sealed class MultilingualTokenizer
{
    private readonly BpeTokenizer tokenizer;
    private readonly MultilingualTextPreparer preparer;

    private MultilingualTokenizer(BpeTokenizer tokenizer, MultilingualTextPreparer preparer)
    {
        this.tokenizer = tokenizer;
        this.preparer = preparer;
    }

    /// <summary>The name of the Cangjie table in the model repositories, beside <c>tokenizer.json</c>.</summary>
    public const string CangjieFileName = "Cangjie5_TC.json";

    /// <summary>The languages <see cref="Encode"/> accepts.</summary>
    public static IReadOnlyList<string> Languages => SpeechLanguages.Multilingual;

    /// <summary>The tokenizer.json the ids come from.</summary>
    public BpeTokenizer Tokenizer => tokenizer;

    /// <summary>Reads the model's <c>tokenizer.json</c> and, for Chinese, its <c>Cangjie5_TC.json</c>.</summary>
    /// <param name="tokenizerJsonPath">The model's <c>tokenizer.json</c>.</param>
    /// <param name="cangjieJsonPath">The model's <c>Cangjie5_TC.json</c>; null leaves Chinese unavailable.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="InvalidDataException">A file is damaged or not what it should be.</exception>
    public static MultilingualTokenizer Load(string tokenizerJsonPath, string? cangjieJsonPath)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJsonPath);
        var cangjie = cangjieJsonPath is null ? null : ChineseCangjie.Load(cangjieJsonPath, JiebaWordSegmenter.Cut);
        return new MultilingualTokenizer(BpeTokenizer.Load(tokenizerJsonPath), new MultilingualTextPreparer(cangjie));
    }

    /// <summary>The ids for <paramref name="text"/> in <paramref name="language"/>, post-processor included.</summary>
    /// <param name="text">Raw text of one chunk.</param>
    /// <param name="language">An ISO 639-1 code from <see cref="Languages"/> (case and surrounding spaces ignored).</param>
    /// <returns>The ids <c>embed_tokens</c> takes as <c>input_ids</c>.</returns>
    /// <exception cref="ArgumentException">The language is not one of <see cref="Languages"/>.</exception>
    /// <exception cref="InvalidOperationException">Chinese was asked for but no <c>Cangjie5_TC.json</c> was loaded.</exception>
    public long[] Encode(string text, string language) =>
        [.. tokenizer.Encode(Prepare(text, language)).Select(id => (long)id)];

    /// <summary>The prepared text handed to <c>tokenizer.json</c>, e.g. <c>[de]guten[SPACE]tag.</c> (for traces and tests).</summary>
    /// <param name="text">Raw text of one chunk.</param>
    /// <param name="language">An ISO 639-1 code from <see cref="Languages"/>.</param>
    /// <returns>The prepared text.</returns>
    public string Prepare(string text, string language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var code = SpeechLanguages.Normalize(language);
        if (code is null || !Languages.Contains(code, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"Language '{language}' is not supported by Chatterbox Multilingual; supported: {string.Join(", ", Languages)}.",
                nameof(language));
        }

        return preparer.Prepare(text, code);
    }
}
