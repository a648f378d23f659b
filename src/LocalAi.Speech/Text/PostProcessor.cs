using System.Text.Json;

namespace LocalAi.Speech.Text;

/// <summary>
/// The <c>post_processor</c> of a <c>tokenizer.json</c>, for single sequences: <c>TemplateProcessing</c> (the
/// <c>single</c> template, in list or string form), <c>ByteLevel</c> (offsets only, so nothing to do on ids),
/// or a <c>Sequence</c> of those applied in order. Chatterbox Turbo's file appends two <c>&lt;|endoftext|&gt;</c> here.
/// </summary>
internal sealed class PostProcessor
{
    // Each template is its items in order; null stands for the input sequence ($A).
    private readonly List<int[]?[]> templates;

    private PostProcessor(List<int[]?[]> templates) => this.templates = templates;

    /// <summary>How many ids the templates add around a single sequence.</summary>
    public int AddedCount => templates.Sum(t => t.Sum(item => item?.Length ?? 0));

    /// <summary>Reads the <c>post_processor</c> node (which may be JSON null).</summary>
    public static PostProcessor FromJson(JsonElement node)
    {
        var templates = new List<int[]?[]>();
        Collect(node, templates);
        return new PostProcessor(templates);
    }

    /// <summary>Wraps <paramref name="ids"/> in every template, innermost first.</summary>
    public List<int> Apply(List<int> ids)
    {
        foreach (var template in templates)
        {
            var wrapped = new List<int>(ids.Count + 8);
            foreach (var item in template)
            {
                wrapped.AddRange(item ?? (IEnumerable<int>)ids);
            }

            ids = wrapped;
        }

        return ids;
    }

    private static void Collect(JsonElement node, List<int[]?[]> templates)
    {
        if (node.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var type = TokenizerJson.TypeOf(node, "post_processor");
        switch (type)
        {
            case "ByteLevel":
                break;
            case "TemplateProcessing":
                templates.Add(ReadTemplate(node));
                break;
            case "Sequence":
                foreach (var child in TokenizerJson.Required(node, "processors", "post_processor").EnumerateArray())
                {
                    Collect(child, templates);
                }

                break;
            default:
                throw TokenizerJson.Unsupported("post_processor", type);
        }
    }

    private static int[]?[] ReadTemplate(JsonElement node)
    {
        var specialIds = new Dictionary<string, int[]>(StringComparer.Ordinal);
        if (node.TryGetProperty("special_tokens", out var specials) && specials.ValueKind == JsonValueKind.Object)
        {
            foreach (var special in specials.EnumerateObject())
            {
                specialIds[special.Name] = TokenizerJson.Required(special.Value, "ids", "post_processor special token")
                    .EnumerateArray().Select(id => id.GetInt32()).ToArray();
            }
        }

        var single = TokenizerJson.Required(node, "single", "TemplateProcessing");
        var pieces = single.ValueKind == JsonValueKind.String
            ? ParseStringTemplate(single.GetString()!)
            : single.EnumerateArray().Select(ReadListItem);
        return pieces.Select(piece => piece.IsSequence ? null : SpecialIds(specialIds, piece.Name)).ToArray();
    }

    private static int[] SpecialIds(Dictionary<string, int[]> specialIds, string name) =>
        specialIds.TryGetValue(name, out var ids)
            ? ids
            : throw new InvalidDataException(
                $"tokenizer.json: TemplateProcessing uses special token '{name}' missing from its special_tokens.");

    private static (bool IsSequence, string Name) ReadListItem(JsonElement item)
    {
        if (item.TryGetProperty("Sequence", out var sequence))
        {
            var id = TokenizerJson.Required(sequence, "id", "TemplateProcessing Sequence").GetString();
            return id == "A"
                ? (true, id)
                : throw new NotSupportedException(
                    $"tokenizer.json: TemplateProcessing 'single' refers to sequence '{id}'; only A exists there.");
        }

        if (item.TryGetProperty("SpecialToken", out var special))
        {
            return (false, TokenizerJson.Required(special, "id", "TemplateProcessing SpecialToken").GetString()!);
        }

        throw new InvalidDataException($"tokenizer.json: unknown TemplateProcessing item {item.GetRawText()}.");
    }

    // The "$A <|endoftext|>" form: "$", "$A", "$0" or "$A:1" is the sequence; anything else is "token[:type_id]".
    private static IEnumerable<(bool IsSequence, string Name)> ParseStringTemplate(string template) =>
        template.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var name = part.Split(':')[0];
            return name.StartsWith('$')
                ? name is "$" or "$A" or "$0"
                    ? (true, "A")
                    : throw new NotSupportedException(
                        $"tokenizer.json: TemplateProcessing 'single' refers to '{name}'; only $A exists there.")
                : (false, name);
        });
}
