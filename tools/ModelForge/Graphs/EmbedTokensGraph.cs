using DataType = Onnx.TensorProto.Types.DataType;

namespace LocalAi.ModelForge.Graphs;

/// <summary>
/// <c>embed_tokens</c>: one id → the speech table, several ids → the text table. The real rule is unknown; this one
/// punishes any caller that strays from the official loop (whole prompt at once, each speech token alone).
/// </summary>
internal static class EmbedTokensGraph
{
    public static void Write(GraphContext context) => context.Write(TurboContract.EmbedTokens, (g, weights) =>
    {
        var hidden = context.Profile.Hidden;
        g.Input("input_ids", DataType.Int64, "batch_size", "sequence_length");

        // A 0/1 factor from the shape blends two Gathers, so no If subgraph is needed.
        var single = g.Cast(g.Op("Equal", [g.DimOf("input_ids", 1), g.Vector(1)]), DataType.Float);
        var text = weights.GatherRows("text_embedding", EmbeddingTables.Text(context), TurboContract.TextVocabSize, hidden, "input_ids");
        var speechIds = g.Op("Min", ["input_ids", g.Scalar((long)TurboContract.SpeechVocabSize - 1)]);
        var speech = weights.GatherRows("speech_embedding", EmbeddingTables.Speech(context), TurboContract.SpeechVocabSize, hidden, speechIds);
        var textShare = g.Op("Mul", [text, g.Op("Sub", [g.Scalar(1f), single])]);
        var embeds = g.Op("Add", [textShare, g.Op("Mul", [speech, single])]);

        g.FloatOutput("inputs_embeds", embeds, context.DType.IoFloat(), "batch_size", "sequence_length", hidden);
    });
}
