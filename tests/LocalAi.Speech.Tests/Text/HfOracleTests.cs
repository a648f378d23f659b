using System.Text.Json.Nodes;
using LocalAi.Speech.Text;

namespace LocalAi.Speech.Tests.Text;

/// <summary>
/// Compares our encoder with the Rust HF tokenizers library (through Tokenizers.DotNet, whose <c>Encode</c> adds
/// special tokens) on the same tokenizer.json, over a broad corpus and over variants of the added-token flags.
/// </summary>
public class HfOracleTests
{
    public static TheoryData<string> FlagVariants() =>
    [
        "as-built",
        "lstrip",
        "rstrip",
        "lstrip+rstrip",
        "single_word",
        "single_word+lstrip+rstrip",
        "normalized-false",
        "normalized-true",
        "everything",
        "add_prefix_space",
        "no-regex",
    ];

    [Fact]
    public void Test_file_matches_oracle_over_the_corpus() =>
        AssertMatchesOracle(TokenizerFiles.TurboJsonPath, TokenizerFiles.TurboTokenizer);

    [Theory]
    [MemberData(nameof(FlagVariants))]
    public void Added_token_flag_variants_match_oracle(string variant)
    {
        var path = TokenizerFiles.WriteVariant(variant, root =>
        {
            foreach (var token in root["added_tokens"]!.AsArray())
            {
                Apply(variant, token!.AsObject());
            }

            root["pre_tokenizer"]!["add_prefix_space"] = variant == "add_prefix_space";
            root["pre_tokenizer"]!["use_regex"] = variant != "no-regex";
        });
        AssertMatchesOracle(path, BpeTokenizer.Load(path));
    }

    private static void Apply(string variant, JsonObject token)
    {
        var everything = variant == "everything";
        if (everything || variant.Contains("lstrip", StringComparison.Ordinal))
        {
            token["lstrip"] = true;
        }

        if (everything || variant.Contains("rstrip", StringComparison.Ordinal))
        {
            token["rstrip"] = true;
        }

        if (everything || variant.Contains("single_word", StringComparison.Ordinal))
        {
            token["single_word"] = true;
        }

        if (variant == "normalized-false")
        {
            token["normalized"] = false;
        }

        if (everything || variant == "normalized-true")
        {
            token["normalized"] = true;
        }
    }

    private static void AssertMatchesOracle(string path, BpeTokenizer ours)
    {
        using var oracle = new Tokenizers.DotNet.Tokenizer(path);
        var mismatches = new List<string>();
        foreach (var text in TokenizerCorpus.All())
        {
            var expected = oracle.Encode(text).Select(id => (int)id).ToArray();
            var actual = ours.Encode(text);
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add($"{Escape(text)}: hf=[{string.Join(',', expected)}] ours=[{string.Join(',', actual)}]");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches.Take(20)));
    }

    private static string Escape(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
