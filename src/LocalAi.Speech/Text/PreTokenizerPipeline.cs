using System.Text.Json;

namespace LocalAi.Speech.Text;

/// <summary>
/// The <c>pre_tokenizer</c> of a <c>tokenizer.json</c>: null (the piece is one pre-token), <c>ByteLevel</c>,
/// <c>Whitespace</c>, <c>WhitespaceSplit</c>, or a <c>Sequence</c> of those applied one after another.
/// </summary>
internal sealed class PreTokenizerPipeline
{
    private readonly IPreTokenizerStep[] steps;

    private PreTokenizerPipeline(IPreTokenizerStep[] steps) => this.steps = steps;

    /// <summary>Reads the <c>pre_tokenizer</c> node (which may be JSON null).</summary>
    public static PreTokenizerPipeline FromJson(JsonElement node)
    {
        var steps = new List<IPreTokenizerStep>();
        Collect(node, steps);
        return new PreTokenizerPipeline([.. steps]);
    }

    /// <summary>Appends the pre-tokens of one plain-text piece to <paramref name="output"/>.</summary>
    public void PreTokenize(string piece, List<string> output)
    {
        if (steps.Length == 0)
        {
            output.Add(piece);
            return;
        }

        List<string> current = [piece];
        foreach (var step in steps)
        {
            var next = new List<string>();
            foreach (var part in current)
            {
                step.PreTokenize(part, next);
            }

            current = next;
        }

        output.AddRange(current);
    }

    private static void Collect(JsonElement node, List<IPreTokenizerStep> steps)
    {
        if (node.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var type = TokenizerJson.TypeOf(node, "pre_tokenizer");
        switch (type)
        {
            case "ByteLevel":
                steps.Add(new ByteLevelPreTokenizer(
                    TokenizerJson.Flag(node, "add_prefix_space", defaultValue: true),
                    TokenizerJson.Flag(node, "use_regex", defaultValue: true)));
                break;
            case "Whitespace":
                steps.Add(new WhitespacePreTokenizer(SplitPunctuation: true));
                break;
            case "WhitespaceSplit":
                steps.Add(new WhitespacePreTokenizer(SplitPunctuation: false));
                break;
            case "Sequence":
                foreach (var child in TokenizerJson.Required(node, "pretokenizers", "pre_tokenizer").EnumerateArray())
                {
                    Collect(child, steps);
                }

                break;
            default:
                throw TokenizerJson.Unsupported("pre_tokenizer", type);
        }
    }
}
