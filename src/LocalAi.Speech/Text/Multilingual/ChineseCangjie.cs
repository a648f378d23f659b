using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LocalAi.Speech.Text.Multilingual;

/// <summary>
/// PyTorch's <c>ChineseCangjieConverter</c>: the text is cut into words (joined by spaces), then every
/// other-letter (<c>Lo</c>) code point found in <c>Cangjie5_TC.json</c> is spelled as <c>[cj_x]</c> tokens, one per
/// letter of its code, then <c>[cj_.]</c>. Glyphs that share a code get their index among them (1, 2, …) appended
/// to it; glyphs missing from the table stay as they are.
/// </summary>
internal sealed class ChineseCangjie
{
    private readonly Dictionary<string, string> codeByGlyph;
    private readonly Dictionary<string, List<string>> glyphsByCode;
    private readonly Func<string, IReadOnlyList<string>> segment;

    private ChineseCangjie(
        Dictionary<string, string> codeByGlyph,
        Dictionary<string, List<string>> glyphsByCode,
        Func<string, IReadOnlyList<string>> segment)
    {
        this.codeByGlyph = codeByGlyph;
        this.glyphsByCode = glyphsByCode;
        this.segment = segment;
    }

    /// <summary>Reads <c>Cangjie5_TC.json</c>: a JSON array of <c>"glyph\tcode[\t…]"</c> strings.</summary>
    /// <param name="path">The file.</param>
    /// <param name="segment">The word segmenter (jieba in production).</param>
    /// <exception cref="InvalidDataException">The file is not such an array.</exception>
    public static ChineseCangjie Load(string path, Func<string, IReadOnlyList<string>> segment)
    {
        string[] entries;
        try
        {
            entries = JsonSerializer.Deserialize<string[]>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{Path.GetFileName(path)} is JSON null, not an array of strings.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a JSON array of strings ({e.Message.Split(" Path:")[0]}).", e);
        }

        var codeByGlyph = new Dictionary<string, string>(StringComparer.Ordinal);
        var glyphsByCode = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var fields = entry.Split('\t');
            if (fields.Length < 2)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}: entry '{entry}' has no tab-separated code.");
            }

            // As the Python dicts: the glyph keeps its last code; every entry joins its code's list.
            codeByGlyph[fields[0]] = fields[1];
            if (!glyphsByCode.TryGetValue(fields[1], out var glyphs))
            {
                glyphsByCode[fields[1]] = glyphs = [];
            }

            glyphs.Add(fields[0]);
        }

        return new ChineseCangjie(codeByGlyph, glyphsByCode, segment);
    }

    /// <summary>Segments <paramref name="text"/> and spells its Chinese characters in Cangjie tokens.</summary>
    public string Convert(string text)
    {
        var builder = new StringBuilder(text.Length * 8);
        foreach (var rune in string.Join(' ', segment(text)).EnumerateRunes())
        {
            var glyph = rune.ToString();
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherLetter && Code(glyph) is { } code)
            {
                foreach (var letter in code)
                {
                    builder.Append("[cj_").Append(letter).Append(']');
                }

                builder.Append("[cj_.]");
            }
            else
            {
                builder.Append(glyph);
            }
        }

        return builder.ToString();
    }

    private string? Code(string glyph)
    {
        if (!codeByGlyph.TryGetValue(glyph, out var code))
        {
            return null;
        }

        var index = glyphsByCode[code].IndexOf(glyph);
        return index > 0 ? code + index.ToString(CultureInfo.InvariantCulture) : code;
    }
}
