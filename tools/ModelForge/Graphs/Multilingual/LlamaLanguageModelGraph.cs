using LocalAi.ModelForge.Building;
using DataType = Onnx.TensorProto.Types.DataType;

namespace LocalAi.ModelForge.Graphs.Multilingual;

/// <summary>
/// Multilingual <c>language_model</c>: a Llama forward pass (RMSNorm, rotary positions, SwiGLU) with a KV cache and
/// no <c>position_ids</c> input. As in Hugging Face's Llama without position ids, the rotary position of query i is
/// past_length + i (the cache length decides it); the attention_mask only hides keys. Same causal and padding mask
/// and the same stop channel as the Turbo graph.
/// </summary>
internal static class LlamaLanguageModelGraph
{
    public static void Write(GraphContext context) => context.Write(TurboContract.LanguageModel, (g, weights) =>
    {
        var profile = context.Profile;
        var io = context.DType.IoFloat();
        var kv = context.DType.KvFloat();
        var (embeds, past) = LanguageModelGraph.DeclareIo(context, g, withPositionIds: false);

        var bias = LanguageModelGraph.AttentionBias(g, embeds, past[0].Key);
        var block = new LlamaBlock(context, g, weights, Rotary(context, g, embeds, past[0].Key));
        var x = embeds;
        for (var i = 0; i < profile.Layers; i++)
        {
            var (output, presentKey, presentValue) = block.Write(i, x, past[i].Key, past[i].Value, bias);
            x = output;
            g.EmitAs($"present.{i}.key", presentKey, kv);
            g.EmitAs($"present.{i}.value", presentValue, kv);
        }

        var normed = LlamaBlock.RmsNorm(context, g, weights, "norm", x, keepStopChannel: true);
        g.EmitAs("logits", LanguageModelGraph.Head(context, g, weights, normed), io);
    });

    /// <summary>cos and sin, [seq, head_dim], of positions past_length .. past_length + seq − 1.</summary>
    private static (string Cos, string Sin) Rotary(GraphContext context, GraphBuilder g, string embeds, string firstPastKey)
    {
        var half = context.Profile.HeadDim / 2;
        var inverse = new float[half];
        for (var i = 0; i < half; i++)
        {
            inverse[i] = 1f / MathF.Pow(MultilingualContract.RopeTheta, 2f * i / context.Profile.HeadDim);
        }

        var pastLength = g.DimOf(firstPastKey, 2);
        var total = g.Op("Add", [pastLength, g.DimOf(embeds, 1)]);
        var positions = g.Op("Range", [LanguageModelGraph.ToScalar(g, pastLength), LanguageModelGraph.ToScalar(g, total), g.Scalar(1L)]);
        var frequencies = g.Initializer("rotary_inverse_frequencies", DataType.Float, [half], inverse.AsSpan());
        var angles = g.Op("Mul", [g.Op("Unsqueeze", [g.Cast(positions, DataType.Float), g.Vector(1)]), frequencies]);
        var cos = g.Op("Cos", [angles]);
        var sin = g.Op("Sin", [angles]);
        return (g.Op("Concat", [cos, cos], Attr.Int("axis", -1)), g.Op("Concat", [sin, sin], Attr.Int("axis", -1)));
    }
}
