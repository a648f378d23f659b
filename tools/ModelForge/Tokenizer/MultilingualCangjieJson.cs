using System.Text;
using System.Text.Json;

namespace LocalAi.ModelForge.Tokenizer;

/// <summary>
/// Writes a small <c>Cangjie5_TC.json</c> in the real file's format: a JSON array of <c>"glyph\tcode"</c> strings,
/// read by the multilingual tokenizer to spell Chinese characters as <c>[cj_x]</c> tokens.
/// </summary>
/// <remarks>
/// The codes are synthetic (derived from the code point), not the real Cangjie 5 codes: the real table cannot be
/// downloaded here, and what the tests need is the format and its rules. Some glyphs deliberately share a code,
/// so that the collision index suffix (<c>code</c>, <c>code1</c>, <c>code2</c>) is exercised, and one glyph is listed
/// twice (the later code wins, as in Python's dict).
/// </remarks>
public static class MultilingualCangjieJson
{
    /// <summary>Common characters covered beside those of the seed sentences.</summary>
    public const string ExtraGlyphs =
        "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制";

    /// <summary>The file name the model repositories use.</summary>
    public const string FileName = "Cangjie5_TC.json";

    private const string Letters = "abcdefghijklmnopqrstuvwxy";

    /// <summary>The JSON text.</summary>
    public static string Build()
    {
        var glyphs = MultilingualSeedText.ByLanguage["zh"].SelectMany(s => s.EnumerateRunes())
            .Concat(ExtraGlyphs.EnumerateRunes())
            .Where(r => r.Value is >= 0x4E00 and <= 0x9FFF)
            .Distinct()
            .OrderBy(r => r.Value)
            .ToList();
        var entries = new List<string>();
        for (var i = 0; i < glyphs.Count; i++)
        {
            // Every fifth glyph takes the code of the one before it: a collision the index suffix resolves.
            var codeSource = i % 5 == 4 ? glyphs[i - 1] : glyphs[i];
            entries.Add($"{glyphs[i]}\t{SyntheticCode(codeSource.Value)}");
        }

        // A glyph listed twice: Python keeps the later code for the glyph, and both entries in the code's list.
        entries.Add($"{glyphs[0]}\t{SyntheticCode(glyphs[1].Value)}");

        return JsonSerializer.Serialize(entries, new JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    /// <summary>Writes the file to <paramref name="path"/>.</summary>
    public static void Write(string path) => File.WriteAllText(path, Build(), new UTF8Encoding(false));

    // Two to four letters from a..y, spelled from the code point, so every glyph gets a stable code.
    private static string SyntheticCode(int codePoint)
    {
        var n = codePoint - 0x4E00;
        var builder = new StringBuilder();
        var length = 2 + n % 3;
        for (var i = 0; i < length; i++)
        {
            builder.Append(Letters[n % Letters.Length]);
            n /= Letters.Length;
            n += i * 7;
        }

        return builder.ToString();
    }
}
