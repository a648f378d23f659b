using System.Text.Json.Nodes;
using LocalAi.Speech.Text;
using LocalAi.Text;

namespace LocalAi.Speech.Tests.Text.Multilingual;

/// <summary>
/// Our tokenizer against the Rust HF tokenizers library (Tokenizers.DotNet) on the forged multilingual
/// tokenizer.json, over 500+ texts in the 23 languages, and over variants of its components.
/// </summary>
public class MultilingualOracleTests
{
    public static TheoryData<string> Variants() =>
    [
        "nfkd-lowercase-normalizer",
        "nfd-strip-prepend-normalizer",
        "whitespace-split",
        "space-not-normalized",
        "no-normalizer",
    ];

    [Fact]
    public void Corpus_covers_every_language_with_at_least_500_texts()
    {
        var corpus = MultilingualCorpus.All().ToList();
        Assert.True(corpus.Count >= 500, $"only {corpus.Count} texts");
        Assert.Equal(SpeechLanguages.Multilingual.Order(StringComparer.Ordinal), corpus.Select(t => t.Language).Where(l => l != "-").Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Forged_file_matches_oracle_over_the_corpus() => AssertMatchesOracle(MultilingualFiles.TokenizerJsonPath);

    [Theory]
    [MemberData(nameof(Variants))]
    public void Component_variants_match_oracle(string variant)
    {
        var path = MultilingualFiles.WriteVariant(variant, root => Apply(variant, root));
        AssertMatchesOracle(path);
    }

    private static void Apply(string variant, JsonObject root)
    {
        var replace = root["normalizer"]!.DeepClone();
        switch (variant)
        {
            case "nfkd-lowercase-normalizer":
                root["normalizer"] = new JsonObject
                {
                    ["type"] = "Sequence",
                    ["normalizers"] = new JsonArray(new JsonObject { ["type"] = "NFKD" }, new JsonObject { ["type"] = "Lowercase" }, replace),
                };
                break;
            case "nfd-strip-prepend-normalizer":
                root["normalizer"] = new JsonObject
                {
                    ["type"] = "Sequence",
                    ["normalizers"] = new JsonArray(
                        new JsonObject { ["type"] = "NFD" },
                        new JsonObject { ["type"] = "Strip", ["strip_left"] = true, ["strip_right"] = true },
                        new JsonObject { ["type"] = "Prepend", ["prepend"] = "_" },
                        replace),
                };
                break;
            case "whitespace-split":
                root["pre_tokenizer"] = new JsonObject { ["type"] = "WhitespaceSplit" };
                break;
            case "space-not-normalized":
                foreach (var token in root["added_tokens"]!.AsArray())
                {
                    token!["normalized"] = false;
                }

                break;
            case "no-normalizer":
                root["normalizer"] = null;
                break;
        }
    }

    private static void AssertMatchesOracle(string path)
    {
        var ours = BpeTokenizer.Load(path);
        using var oracle = new Tokenizers.DotNet.Tokenizer(path);
        var mismatches = new List<string>();
        foreach (var (language, text) in MultilingualCorpus.All())
        {
            var expected = oracle.Encode(text).Select(id => (int)id).ToArray();
            var actual = ours.Encode(text);
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add($"{language} {System.Text.Json.JsonSerializer.Serialize(text)}: hf=[{string.Join(',', expected)}] ours=[{string.Join(',', actual)}]");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n" + string.Join('\n', mismatches.Take(15)));
    }
}
