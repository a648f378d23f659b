using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LocalAi.Speech.Chatterbox.Onnx;

/// <summary>
/// What the language model graph declares, read from its session metadata rather than assumed: the KV-cache
/// tensor pairs (present → past, matched by name), their element type, the number of layers and heads, the head size
/// and the hidden size. Turbo has 24 layers × 16 heads; Nano has 12 × 12; both work.
/// </summary>
internal sealed partial class LanguageModelSignature
{
    public const string InputsEmbeds = "inputs_embeds";
    public const string AttentionMask = "attention_mask";
    public const string PositionIds = "position_ids";
    public const string Logits = "logits";

    private LanguageModelSignature(
        IReadOnlyList<KvPair> cache, int heads, int headSize, int hiddenSize, TensorElementType embedsType, bool hasPositionIds, int vocabulary)
    {
        Vocabulary = vocabulary;
        Cache = cache;
        Heads = heads;
        HeadSize = headSize;
        HiddenSize = hiddenSize;
        EmbedsType = embedsType;
        HasPositionIds = hasPositionIds;
    }

    /// <summary>One past input and the present output that feeds it on the next step.</summary>
    public sealed record KvPair(string PastName, string PresentName, TensorElementType ElementType);

    /// <summary>The cache tensors, ordered by layer then key before value.</summary>
    public IReadOnlyList<KvPair> Cache { get; }

    /// <summary>Number of transformer layers.</summary>
    public int Layers => Cache.Count / 2;

    /// <summary>Number of key/value heads.</summary>
    public int Heads { get; }

    /// <summary>Size of one head.</summary>
    public int HeadSize { get; }

    /// <summary>Width of <c>inputs_embeds</c>.</summary>
    public int HiddenSize { get; }

    /// <summary>Element type of <c>inputs_embeds</c>.</summary>
    public TensorElementType EmbedsType { get; }

    /// <summary>Width of the logits: 6563 for Turbo, 8194 for Multilingual (6563 when the graph leaves it symbolic).</summary>
    public int Vocabulary { get; }

    /// <summary>Whether the graph takes <c>position_ids</c> (Turbo does; Multilingual does not).</summary>
    public bool HasPositionIds { get; }

    /// <summary>Reads the signature of a loaded language_model session.</summary>
    /// <exception cref="ModelLoadException">The graph lacks an input or output of the Chatterbox contract.</exception>
    public static LanguageModelSignature Read(InferenceSession session)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        Require(inputs, InputsEmbeds, "input");
        Require(inputs, AttentionMask, "input");
        Require(outputs, Logits, "output");

        var pairs = new List<(int Layer, int Kind, KvPair Pair)>();
        int heads = 0, headSize = 0;
        foreach (var (name, meta) in inputs)
        {
            var match = PastName().Match(name);
            if (!match.Success)
            {
                continue;
            }

            var layer = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var kind = match.Groups[2].Value == "key" ? 0 : 1;
            var present = $"present.{layer}.{match.Groups[2].Value}";
            if (!outputs.TryGetValue(present, out var presentMeta))
            {
                throw Contract($"it has the input '{name}' but no output '{present}'");
            }

            if (presentMeta.ElementDataType != meta.ElementDataType)
            {
                throw Contract($"'{name}' is {meta.ElementDataType} but '{present}' is {presentMeta.ElementDataType}");
            }

            var dims = meta.Dimensions;
            if (dims.Length != 4 || dims[1] <= 0 || dims[3] <= 0)
            {
                throw Contract($"'{name}' should have the fixed shape [batch, heads, past, head_size], not [{string.Join(", ", dims)}]");
            }

            (heads, headSize) = (dims[1], dims[3]);
            pairs.Add((layer, kind, new KvPair(name, present, meta.ElementDataType)));
        }

        if (pairs.Count == 0 || pairs.Count % 2 != 0)
        {
            throw Contract("its past_key_values.{i}.key/value inputs are missing or unpaired");
        }

        var embeds = inputs[InputsEmbeds];
        var hidden = embeds.Dimensions[^1];
        if (hidden <= 0)
        {
            throw Contract("inputs_embeds has no fixed hidden size");
        }

        var ordered = pairs.OrderBy(p => p.Layer).ThenBy(p => p.Kind).Select(p => p.Pair).ToList();
        var vocabulary = outputs[Logits].Dimensions is [.., > 0 and var width] ? width : SpeechTokens.VocabularySize;
        return new LanguageModelSignature(ordered, heads, headSize, hidden, embeds.ElementDataType, inputs.ContainsKey(PositionIds), vocabulary);
    }

    private static void Require(IReadOnlyDictionary<string, NodeMetadata> metadata, string name, string what)
    {
        if (!metadata.ContainsKey(name))
        {
            throw Contract($"it has no {what} '{name}'");
        }
    }

    private static ModelLoadException Contract(string problem) =>
        new($"The language_model graph does not follow the Chatterbox ONNX contract: {problem}.", new InvalidDataException(problem));

    [GeneratedRegex(@"^past_key_values\.(\d+)\.(key|value)$", RegexOptions.CultureInvariant)]
    private static partial Regex PastName();
}
