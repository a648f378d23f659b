using System.Globalization;
using System.Text;

namespace LocalAi.Speech.Text.Unicode;

/// <summary>
/// Unicode NFD and NFKD, from the decomposition data generated into <c>decompositions.txt</c>
/// (<c>tools/unicode/generate_decompositions.py</c>). The services run with invariant globalization, where
/// <see cref="string.Normalize(NormalizationForm)"/> returns its input unchanged, so the tokenizer cannot use it.
/// </summary>
/// <remarks>
/// Each code point is replaced by its full decomposition (Hangul syllables by the Unicode formula), then every
/// run of combining marks is put in canonical order (a stable sort by combining class), as the standard defines.
/// </remarks>
internal static class UnicodeDecomposition
{
    private const int HangulBase = 0xAC00;
    private const int HangulCount = 11172;
    private const int LeadBase = 0x1100;
    private const int VowelBase = 0x1161;
    private const int TrailBase = 0x11A7;
    private const int VowelCount = 21;
    private const int TrailCount = 28;

    private static readonly Lazy<Tables> Data = new(Tables.Load);

    /// <summary>Canonical decomposition (NFD).</summary>
    public static string Nfd(string text) => Decompose(text, compatibility: false);

    /// <summary>Compatibility decomposition (NFKD).</summary>
    public static string Nfkd(string text) => Decompose(text, compatibility: true);

    /// <summary>The canonical combining class of a code point (0 for starters).</summary>
    public static int CombiningClass(int codePoint) => Data.Value.CombiningClasses.GetValueOrDefault(codePoint);

    private static string Decompose(string text, bool compatibility)
    {
        var tables = Data.Value;
        var map = compatibility ? tables.Compatibility : tables.Canonical;
        var runes = new List<Rune>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is >= HangulBase and < HangulBase + HangulCount)
            {
                AppendHangul(rune.Value - HangulBase, runes);
            }
            else if (map.TryGetValue(rune.Value, out var expansion))
            {
                runes.AddRange(expansion);
            }
            else
            {
                runes.Add(rune);
            }
        }

        SortMarks(runes, tables.CombiningClasses);
        var builder = new StringBuilder(runes.Count + 8);
        foreach (var rune in runes)
        {
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    /// <summary>The conjoining Jamo of a Hangul syllable, by the Unicode formula.</summary>
    public static void AppendHangul(int syllableIndex, List<Rune> output)
    {
        output.Add(new Rune(LeadBase + syllableIndex / (VowelCount * TrailCount)));
        output.Add(new Rune(VowelBase + syllableIndex % (VowelCount * TrailCount) / TrailCount));
        if (syllableIndex % TrailCount > 0)
        {
            output.Add(new Rune(TrailBase + syllableIndex % TrailCount));
        }
    }

    // Canonical ordering: within each run of non-starters, a stable insertion sort by combining class.
    private static void SortMarks(List<Rune> runes, Dictionary<int, int> classes)
    {
        for (var i = 1; i < runes.Count; i++)
        {
            var current = runes[i];
            var currentClass = classes.GetValueOrDefault(current.Value);
            if (currentClass == 0)
            {
                continue;
            }

            var j = i - 1;
            while (j >= 0 && classes.GetValueOrDefault(runes[j].Value) is var before && before > currentClass)
            {
                runes[j + 1] = runes[j];
                j--;
            }

            runes[j + 1] = current;
        }
    }

    private sealed record Tables(
        Dictionary<int, Rune[]> Canonical,
        Dictionary<int, Rune[]> Compatibility,
        Dictionary<int, int> CombiningClasses)
    {
        public static Tables Load()
        {
            var canonical = new Dictionary<int, Rune[]>();
            var compatibility = new Dictionary<int, Rune[]>();
            var classes = new Dictionary<int, int>();
            using var stream = typeof(UnicodeDecomposition).Assembly.GetManifestResourceStream("LocalAi.Speech.Text.Unicode.decompositions.txt")
                ?? throw new InvalidOperationException("The Unicode decomposition data is missing from LocalAi.Speech.");
            using var reader = new StreamReader(stream, Encoding.ASCII);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                var fields = line.Split(';');
                var codePoint = Hex(fields[0]);
                var combiningClass = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (combiningClass != 0)
                {
                    classes[codePoint] = combiningClass;
                }

                if (fields[2].Length > 0)
                {
                    canonical[codePoint] = Runes(fields[2]);
                }

                if (fields[3].Length > 0)
                {
                    compatibility[codePoint] = Runes(fields[3]);
                }
                else if (fields[2].Length > 0)
                {
                    compatibility[codePoint] = canonical[codePoint];
                }
            }

            return new Tables(canonical, compatibility, classes);
        }

        private static Rune[] Runes(string field) => field.Split(' ').Select(hex => new Rune(Hex(hex))).ToArray();

        private static int Hex(string hex) => int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
