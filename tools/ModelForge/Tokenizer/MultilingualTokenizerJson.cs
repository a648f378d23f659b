using System.Text;
using System.Text.Json;

namespace LocalAi.ModelForge.Tokenizer;

/// <summary>
/// Builds a <c>tokenizer.json</c> shaped like the one <c>onnx-community/chatterbox-multilingual-ONNX</c> ships (the
/// grapheme tokenizer of Resemble AI's <c>grapheme_mtl_merged_expanded_v1.json</c> plus the ONNX loop's template),
/// which cannot be downloaded here. Tests and synthetic model directories use it in place of the real file.
/// </summary>
/// <remarks>
/// <para>What follows the real tokenizer (confirmed by the PyTorch tokenizer and the export script's example ids):
/// a <c>BPE</c> model over graphemes with <c>[UNK]</c> as unknown token; <c>[STOP]</c> = 0, <c>[UNK]</c> = 1,
/// <c>[SPACE]</c> = 2, <c>[START]</c> = 255; 2454 text tokens; <c>[xx]</c> language tokens and <c>[cj_x]</c>
/// Cangjie tokens matched whole; a template that wraps the text as
/// <c>[6563 (exaggeration slot), 255, text…, 0, 6561, 6561]</c>.</para>
/// <para>What is inferred (the real file could not be read): the <c>Whitespace</c> pre-tokenizer (as in
/// Chatterbox's English grapheme tokenizer), the <c>Replace " " → [SPACE]</c> normalizer that makes the file turn
/// spaces into <c>[SPACE]</c> itself, the added-token flags, the ids of the language and Cangjie tokens, and the
/// grapheme inventory and merges (learned here from <see cref="MultilingualSeedText"/>).</para>
/// </remarks>
public static class MultilingualTokenizerJson
{
    /// <summary>Number of text tokens, as in the real model's text embedding.</summary>
    public const int VocabSize = 2454;

    /// <summary>End of text (<c>[STOP]</c>).</summary>
    public const int StopTextId = 0;

    /// <summary>Unknown grapheme (<c>[UNK]</c>).</summary>
    public const int UnknownId = 1;

    /// <summary>A space (<c>[SPACE]</c>).</summary>
    public const int SpaceId = 2;

    /// <summary>Start of text (<c>[START]</c>).</summary>
    public const int StartTextId = 255;

    /// <summary>Start of speech, which the template appends twice.</summary>
    public const int StartSpeechId = 6561;

    /// <summary>The exaggeration slot the template puts first; <c>embed_tokens</c> replaces it with the emotion vector.</summary>
    public const int ExaggerationId = 6563;

    /// <summary>The 23 language codes, each a <c>[xx]</c> token.</summary>
    public static readonly IReadOnlyList<string> Languages =
        ["ar", "da", "de", "el", "en", "es", "fi", "fr", "he", "hi", "it", "ja", "ko", "ms", "nl", "no", "pl", "pt", "ru", "sv", "sw", "tr", "zh"];

    private const string ExaggerationName = "[EXAGGERATION]";
    private const string StartSpeechName = "[START_SPEECH]";

    private static readonly string[] Specials = ["[STOP]", "[UNK]", "[SPACE]", "[PAD]", "[SEP]", "[CLS]", "[MASK]"];

    // Cangjie letters, the code terminator and the collision index digits.
    private static readonly IEnumerable<string> CangjieTokens =
        "abcdefghijklmnopqrstuvwxyz.0123456789".Select(c => $"[cj_{c}]");

    // Scripts of the 23 languages, as whole Unicode ranges (unassigned, control and space code points are left out).
    private static readonly (int First, int Last)[] AlphabetRanges =
    [
        (0x21, 0x7E), (0xA1, 0x17F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x45F), (0x591, 0x5F4), (0x60C, 0x66D),
        (0x900, 0x97F), (0x1100, 0x1112), (0x1161, 0x1175), (0x11A8, 0x11C2), (0x2013, 0x2026), (0x3001, 0x301F),
        (0x3041, 0x30FF), (0xFF01, 0xFF1F),
    ];

    private static readonly Lazy<string> Json = new(BuildJson);

    /// <summary>The <c>tokenizer.json</c> text (built once per process).</summary>
    public static string Build() => Json.Value;

    /// <summary>Writes the <c>tokenizer.json</c> to <paramref name="path"/>.</summary>
    public static void Write(string path) => File.WriteAllText(path, Build(), new UTF8Encoding(false));

    /// <summary>Writes <c>tokenizer.json</c> and <c>Cangjie5_TC.json</c> into <paramref name="directory"/>.</summary>
    public static void WriteTextFiles(string directory)
    {
        Write(Path.Combine(directory, "tokenizer.json"));
        MultilingualCangjieJson.Write(Path.Combine(directory, MultilingualCangjieJson.FileName));
    }

    private static string BuildJson()
    {
        var vocab = new MultilingualVocabBuilder();
        foreach (var special in Specials)
        {
            vocab.Add(special);
        }

        vocab.Add("[START]", StartTextId);
        foreach (var grapheme in Alphabet())
        {
            vocab.Add(grapheme);
        }

        var tagged = CangjieTokens.Concat(Languages.Select(code => $"[{code}]")).ToList();
        foreach (var tag in tagged)
        {
            vocab.Add(tag);
        }

        var merges = MultilingualMerges.Learn(vocab, VocabSize);
        FillWithIdeographs(vocab);

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "1.0");
            writer.WriteNull("truncation");
            writer.WriteNull("padding");
            WriteAddedTokens(writer, vocab, tagged);
            WriteNormalizer(writer);
            writer.WriteStartObject("pre_tokenizer");
            writer.WriteString("type", "Whitespace");
            writer.WriteEndObject();
            WritePostProcessor(writer);
            writer.WriteNull("decoder");
            WriteModel(writer, vocab, merges);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static IEnumerable<string> Alphabet()
    {
        var ranges = AlphabetRanges.SelectMany(range => Enumerable.Range(range.First, range.Last - range.First + 1))
            .Select(cp => new Rune(cp));
        var seed = MultilingualSeedText.ByLanguage.Values.SelectMany(s => s)
            .SelectMany(s => (s + s.ToLowerInvariant()).EnumerateRunes());
        return ranges.Concat(seed)
            .Where(IsGrapheme)
            .Distinct()
            .OrderBy(r => r.Value)
            .Select(r => r.ToString());
    }

    private static bool IsGrapheme(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is not (System.Globalization.UnicodeCategory.OtherNotAssigned
            or System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.SpaceSeparator or System.Globalization.UnicodeCategory.Surrogate
            or System.Globalization.UnicodeCategory.PrivateUse);

    // When the seed sentences run out of merges, common ideographs fill the vocabulary to its real size, so that
    // Japanese kanji (which the tokenizer cannot turn into kana) meet some known tokens.
    private static void FillWithIdeographs(MultilingualVocabBuilder vocab)
    {
        for (var cp = 0x4E00; vocab.Count < VocabSize; cp++)
        {
            vocab.Add(char.ConvertFromUtf32(cp));
        }
    }

    private static void WriteAddedTokens(Utf8JsonWriter writer, MultilingualVocabBuilder vocab, List<string> tagged)
    {
        writer.WriteStartArray("added_tokens");
        foreach (var content in Specials.Append("[START]").Concat(tagged))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", vocab.IdOf(content));
            writer.WriteString("content", content);
            writer.WriteBoolean("single_word", false);
            writer.WriteBoolean("lstrip", false);
            writer.WriteBoolean("rstrip", false);
            // [SPACE] is what the normalizer writes for a space, so it must be found in normalized text.
            writer.WriteBoolean("normalized", content == "[SPACE]");
            writer.WriteBoolean("special", true);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteNormalizer(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("normalizer");
        writer.WriteString("type", "Replace");
        writer.WriteStartObject("pattern");
        writer.WriteString("String", " ");
        writer.WriteEndObject();
        writer.WriteString("content", "[SPACE]");
        writer.WriteEndObject();
    }

    private static void WritePostProcessor(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("post_processor");
        writer.WriteString("type", "TemplateProcessing");
        writer.WriteStartArray("single");
        TemplateProcessingJson.WriteSpecial(writer, ExaggerationName, 0);
        TemplateProcessingJson.WriteSpecial(writer, "[START]", 0);
        TemplateProcessingJson.WriteSequence(writer, "A", 0);
        TemplateProcessingJson.WriteSpecial(writer, "[STOP]", 0);
        TemplateProcessingJson.WriteSpecial(writer, StartSpeechName, 0);
        TemplateProcessingJson.WriteSpecial(writer, StartSpeechName, 0);
        writer.WriteEndArray();
        writer.WriteStartArray("pair");
        TemplateProcessingJson.WriteSpecial(writer, ExaggerationName, 0);
        TemplateProcessingJson.WriteSpecial(writer, "[START]", 0);
        TemplateProcessingJson.WriteSequence(writer, "A", 0);
        TemplateProcessingJson.WriteSequence(writer, "B", 1);
        TemplateProcessingJson.WriteSpecial(writer, "[STOP]", 1);
        TemplateProcessingJson.WriteSpecial(writer, StartSpeechName, 1);
        TemplateProcessingJson.WriteSpecial(writer, StartSpeechName, 1);
        writer.WriteEndArray();
        writer.WriteStartObject("special_tokens");
        TemplateProcessingJson.WriteSpecialTokenEntry(writer, ExaggerationName, ExaggerationId);
        TemplateProcessingJson.WriteSpecialTokenEntry(writer, "[START]", StartTextId);
        TemplateProcessingJson.WriteSpecialTokenEntry(writer, "[STOP]", StopTextId);
        TemplateProcessingJson.WriteSpecialTokenEntry(writer, StartSpeechName, StartSpeechId);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter writer, MultilingualVocabBuilder vocab, List<(string Left, string Right)> merges)
    {
        writer.WriteStartObject("model");
        writer.WriteString("type", "BPE");
        writer.WriteNull("dropout");
        writer.WriteString("unk_token", "[UNK]");
        writer.WriteNull("continuing_subword_prefix");
        writer.WriteNull("end_of_word_suffix");
        writer.WriteBoolean("fuse_unk", false);
        writer.WriteBoolean("byte_fallback", false);
        writer.WriteStartObject("vocab");
        foreach (var (token, id) in vocab.InIdOrder())
        {
            writer.WriteNumber(token, id);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("merges");
        foreach (var (left, right) in merges)
        {
            writer.WriteStringValue($"{left} {right}");
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
