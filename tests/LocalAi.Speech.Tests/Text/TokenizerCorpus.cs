using System.Text;
using LocalAi.ModelForge.Tokenizer;

namespace LocalAi.Speech.Tests.Text;

/// <summary>Texts that exercise every path of the tokenizer, for comparison with the HF oracle.</summary>
internal static class TokenizerCorpus
{
    private static readonly string[] Handpicked =
    [
        "",
        "Hello world",
        "Hello world.",
        "The quick brown fox jumps over the lazy dog!",
        "I'm sure you've heard they'll say it's what we'd do; isn't it?",
        "I'M SURE YOU'VE HEARD THEY'LL SAY IT'S WHAT WE'D DO",
        "rock 'n' roll, ''quoted'' and 'single'",
        "Numbers: 3.14, 1,000,000 and 2024-07-21 at 10:30pm; 007 agents; 1st 2nd 3rd.",
        "  leading spaces",
        "trailing spaces   ",
        "   ",
        " ",
        "a  b   c    d",
        "line one\nline two\n\nline four\r\nwindows\ttab\t\tdouble tab",
        "\n\n\n",
        "mixed \t \n whitespace \u00a0 nbsp \u3000 ideographic \u2028 separators",
        "Emoji 😀😃 and flags 🇺🇸 and family 👨‍👩‍👧 plus ❤️ hearts",
        "𝐁𝐨𝐥𝐝 math letters 𝟏𝟐𝟑 and 𠀀𠀁 extension B",
        "中文句子，没有空格。日本語の文章です。한국어 문장입니다.",
        "Ça va? Déjà vu, naïve café, Straße, Æsir, ÿ",
        "e\u0301 combining accents a\u0308",
        "مرحبا بالعالم — שלום עולם",
        "Ελληνικά και Русский текст",
        "Punctuation!!! ??? ... --- ___ *** ### @@@ $$$ %%% ^^^ &&& ((( ))) [[[ ]]] {{{ }}}",
        "Quotes “curly” ‘single’ «guillemets» „low“",
        "<|endoftext|>",
        "before<|endoftext|>after",
        "<|endoftext|><|endoftext|>",
        "<|endoftext|>  spaced  <|endoftext|>",
        "[chuckle]",
        " [chuckle] ",
        "[laugh][laugh]",
        "[sigh] [gasp]",
        "Well[chuckle]that's funny",
        "Well [chuckle] that's funny",
        "Well  [chuckle]  that's funny",
        "word[laugh]",
        "[laugh]word",
        "[chuck",
        "[chuckle",
        "chuckle]",
        "[[chuckle]]",
        "[Chuckle] [CHUCKLE]",
        "[clear throat] and [clear  throat] and [clearthroat]",
        "[chuckle]\n[laugh]\t[sigh]",
        "tab\t[laugh]\ttab",
        "ideographic\u3000[laugh]\u3000space",
        "[laugh]<|endoftext|>[laugh]",
        "_[laugh]_ 1[laugh]2 é[laugh]é",
        "[laugh]. [sigh]! [gasp]? [cough],",
        "\u0000control\u0007chars\u001f",
    ];

    /// <summary>The hand-picked texts, each tag alone and among words, and seeded random mixtures.</summary>
    public static IEnumerable<string> All()
    {
        foreach (var text in Handpicked)
        {
            yield return text;
        }

        foreach (var tag in Gpt2TokenizerJson.ChatterboxTags)
        {
            yield return tag;
            yield return $"Oh {tag} really?";
            yield return $"Oh{tag}really";
            yield return $"  {tag}  ";
            yield return tag[..^1];
        }

        yield return LongText();
        foreach (var text in RandomMixtures(400))
        {
            yield return text;
        }
    }

    /// <summary>About 4096 characters of ordinary prose with tags.</summary>
    public static string LongText()
    {
        const string Paragraph =
            "It was the best of times, it was the worst of times [sigh], it was the age of wisdom, it was the age " +
            "of foolishness. Dr. Manette's daughter, Lucie, arrived on the 3rd of May 1775 at 10:45 p.m.! " +
            "\"Really?\" she asked. [gasp] \"Yes,\" he said, \"we'll leave at once.\"\n";
        var builder = new StringBuilder();
        while (builder.Length < 4096)
        {
            builder.Append(Paragraph);
        }

        return builder.ToString(0, 4096);
    }

    private static IEnumerable<string> RandomMixtures(int count)
    {
        string[] pieces =
        [
            " ", "  ", "\n", "\t", "\u00a0", "\u3000", "a", "Hello", "world", "'s", "'ll", "'", "'re", "x'd", "3", "42",
            "3.14", ",", ".", "!", "?", "...", "-", "—", "é", "ß", "中文", "😀", "👍🏽", "𝐁", "[", "]", "[laugh]",
            "[chuckle]", "[clear throat]", "<|endoftext|>", "<|", "|>", "_", "\u0301", "١٢", "Ⅻ",
        ];
        var random = new Random(20260721);
        for (var i = 0; i < count; i++)
        {
            var builder = new StringBuilder();
            var length = random.Next(1, 16);
            for (var j = 0; j < length; j++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            yield return builder.ToString();
        }
    }
}
