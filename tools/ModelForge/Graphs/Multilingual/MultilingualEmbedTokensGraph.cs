using LocalAi.ModelForge.Building;
using DataType = Onnx.TensorProto.Types.DataType;

namespace LocalAi.ModelForge.Graphs.Multilingual;

/// <summary>
/// Multilingual <c>embed_tokens(input_ids, position_ids, exaggeration)</c> with the export's rule: the ids up to and
/// including the first 0 (end of text) are text ids (text table + text-position table), the rest are speech ids
/// (speech table + speech-position table), and the slot id 6563 becomes <c>exaggeration</c> times a learned row.
/// So a wrong position id, a wrong exaggeration or a wrong prompt layout changes the embedding.
/// </summary>
internal static class MultilingualEmbedTokensGraph
{
    private const string Graph = TurboContract.EmbedTokens;

    public static void Write(GraphContext context) => context.Write(Graph, (g, weights) =>
    {
        var hidden = context.Profile.Hidden;
        g.Input("input_ids", DataType.Int64, "batch_size", "sequence_length");
        g.Input("position_ids", DataType.Int64, "batch_size", "sequence_length");
        g.Input("exaggeration", DataType.Float, "batch_size");

        var zeros = g.Cast(g.Op("Equal", ["input_ids", g.Scalar((long)MultilingualContract.EndOfText)]), DataType.Int64);
        var zerosBefore = g.Op("CumSum", [zeros, g.Scalar(1L)], Attr.Int("exclusive", 1));
        var hasZero = g.Op("Greater", [g.Op("ReduceMax", [zeros], Attr.Ints("axes", 1), Attr.Int("keepdims", 1)), g.Scalar(0L)]);
        var textPart = g.Op("And", [g.Op("Equal", [zerosBefore, g.Scalar(0L)]), hasZero]);
        var slot = g.Op("Equal", ["input_ids", g.Scalar((long)MultilingualContract.ExaggerationToken)]);
        var notSlot = g.Op("Not", [slot]);
        var textMask = g.Op("And", [textPart, notSlot]);
        var speechMask = g.Op("And", [g.Op("Not", [textPart]), notSlot]);

        var text = Part(context, g, weights, "text", textMask, context.Profile.TextVocabSize, EmbeddingTables.Text(context), MultilingualContract.TextPositions);
        var speech = Part(context, g, weights, "speech", speechMask, context.Profile.SpeechVocabSize, EmbeddingTables.Speech(context), MultilingualContract.SpeechPositions);

        var row = StopMechanism.ClearChannel(context.Uniform(Graph, "emotion_adv_fc", hidden, GraphContext.UnitAmplitude), hidden);
        var perRequest = g.Op("Mul", [g.Op("Unsqueeze", ["exaggeration", g.Vector(1, 2)]), weights.Vector("emotion_adv_fc", row)]);
        var exaggeration = g.Op("Mul", [perRequest, Column(g, slot)]);

        var embeds = g.Op("Add", [g.Op("Add", [text, speech]), exaggeration]);
        g.FloatOutput("inputs_embeds", embeds, context.DType.IoFloat(), "batch_size", "sequence_length", hidden);
    });

    /// <summary>Table row plus position row where <paramref name="mask"/> holds, zero elsewhere.</summary>
    private static string Part(GraphContext context, GraphBuilder g, WeightStore weights, string name, string mask, int rows, float[] table, int positionRows)
    {
        var hidden = context.Profile.Hidden;
        var ids = Clamp(g, g.Op("Where", [mask, "input_ids", g.Scalar(0L)]), rows);
        var positions = Clamp(g, g.Op("Where", [mask, "position_ids", g.Scalar(0L)]), positionRows);
        var positionTable = StopMechanism.ClearChannel(context.Uniform(Graph, name + "_position_embedding", positionRows * hidden, GraphContext.UnitAmplitude), hidden);
        var sum = g.Op("Add", [
            weights.GatherRows(name + "_embedding", table, rows, hidden, ids),
            weights.GatherRows(name + "_position_embedding", positionTable, positionRows, hidden, positions)]);
        return g.Op("Mul", [sum, Column(g, mask)]);
    }

    private static string Clamp(GraphBuilder g, string ids, int rows) => g.Op("Min", [g.Op("Max", [ids, g.Scalar(0L)]), g.Scalar((long)rows - 1)]);

    private static string Column(GraphBuilder g, string mask) => g.Op("Unsqueeze", [g.Cast(mask, DataType.Float), g.Vector(-1)]);
}
