using LocalAi.Speech.Text;
using LocalAi.Speech.Text.Multilingual;

namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// The text side of a family: how one chunk becomes the normalised text shown in results (and sized for the token
/// budget) and the prompt ids <c>embed_tokens</c> takes. Turbo: <c>punc_norm</c> and the GPT-2 tokenizer.json;
/// Multilingual: the multilingual text preparation, the <c>[xx]</c> prefix and the grapheme tokenizer.json.
/// </summary>
internal abstract class PromptTokenizer
{
    /// <summary>The Cangjie table the multilingual repository ships beside tokenizer.json (Chinese needs it).</summary>
    public const string CangjieFile = "Cangjie5_TC.json";

    /// <summary>The normalised text and the prompt ids of one chunk in <paramref name="language"/>.</summary>
    public abstract (string Normalized, long[] Ids) Prepare(string chunk, string language);

    /// <summary>The prompt ids of text that is already normalised.</summary>
    public abstract long[] Tokenize(string normalizedText, string language);

    /// <summary>The tokenizer of a loaded model's family, read from its directory.</summary>
    public static PromptTokenizer For(ChatterboxModel model)
    {
        var directory = model.Directory;
        if (model.Family == ModelFamily.Multilingual)
        {
            var cangjie = Path.Combine(directory.Root, CangjieFile);
            return new Multilingual(MultilingualTokenizer.Load(directory.TokenizerPath, File.Exists(cangjie) ? cangjie : null));
        }

        return new Turbo(BpeTokenizer.Load(directory.TokenizerPath));
    }

    private sealed class Turbo(BpeTokenizer tokenizer) : PromptTokenizer
    {
        public override (string Normalized, long[] Ids) Prepare(string chunk, string language)
        {
            var normalized = PunctuationNormalizer.Normalize(chunk);
            return (normalized, Tokenize(normalized, language));
        }

        public override long[] Tokenize(string normalizedText, string language) => Array.ConvertAll(tokenizer.Encode(normalizedText), id => (long)id);
    }

    private sealed class Multilingual(MultilingualTokenizer tokenizer) : PromptTokenizer
    {
        public override (string Normalized, long[] Ids) Prepare(string chunk, string language) =>
            (PunctuationNormalizer.NormalizeMultilingual(chunk), tokenizer.Encode(chunk, language));

        public override long[] Tokenize(string normalizedText, string language) => tokenizer.Encode(normalizedText, language);
    }
}
