using LocalAi.ModelForge.Building;
using DataType = Onnx.TensorProto.Types.DataType;

namespace LocalAi.ModelForge.Graphs;

/// <summary>
/// <c>language_model</c>: a real GPT-2 forward pass with a KV cache, learned positions, a causal mask over absolute
/// cache positions and the padding mask, so every input the engine feeds changes the logits.
/// </summary>
internal static class LanguageModelGraph
{
    private const string Graph = TurboContract.LanguageModel;
    private const float Masked = -1e9f;

    public static void Write(GraphContext context) => context.Write(Graph, (g, weights) =>
    {
        var profile = context.Profile;
        var hidden = profile.Hidden;
        var io = context.DType.IoFloat();
        var kv = context.DType.KvFloat();
        var (embeds, past) = DeclareIo(context, g, withPositionIds: true);

        var positionTable = StopMechanism.ClearChannel(context.Uniform(Graph, "wpe", profile.Positions * hidden, GraphContext.UnitAmplitude), hidden);
        var x = g.Op("Add", [embeds, weights.GatherRows("wpe", positionTable, profile.Positions, hidden, "position_ids")]);
        var bias = AttentionBias(g, embeds, past[0].Key);
        var block = new TransformerBlock(context, g, weights);
        for (var i = 0; i < profile.Layers; i++)
        {
            var (output, presentKey, presentValue) = block.Write(i, x, past[i].Key, past[i].Value, bias);
            x = output;
            g.EmitAs($"present.{i}.key", presentKey, kv);
            g.EmitAs($"present.{i}.value", presentValue, kv);
        }

        var logits = Head(context, g, weights, TransformerBlock.LayerNorm(context, g, weights, "final_norm", x, keepStopChannel: true));
        g.EmitAs("logits", context.MinStopPosition > 0 ? StopMechanism.HoldOff(g, logits, context.MinStopPosition, profile.SpeechVocabSize) : logits, io);
    });

    /// <summary>
    /// Declares the language model's inputs (inputs_embeds, attention_mask, position_ids where the family has it,
    /// the past pairs) and outputs (logits over the profile's speech vocabulary, the present pairs); returns the
    /// float32 views of inputs_embeds and of each past key and value.
    /// </summary>
    internal static (string Embeds, (string Key, string Value)[] Past) DeclareIo(GraphContext context, GraphBuilder g, bool withPositionIds)
    {
        var profile = context.Profile;
        var io = context.DType.IoFloat();
        var kv = context.DType.KvFloat();
        Dim[] kvPast = ["batch_size", profile.Heads, "past_sequence_length", profile.HeadDim];
        Dim[] kvPresent = ["batch_size", profile.Heads, "total_sequence_length", profile.HeadDim];

        var embeds = g.FloatInput("inputs_embeds", io, "batch_size", "sequence_length", profile.Hidden);
        g.Input("attention_mask", DataType.Int64, "batch_size", "total_sequence_length");
        if (withPositionIds)
        {
            g.Input("position_ids", DataType.Int64, "batch_size", "sequence_length");
        }

        var past = new (string Key, string Value)[profile.Layers];
        for (var i = 0; i < profile.Layers; i++)
        {
            past[i] = (g.FloatInput($"past_key_values.{i}.key", kv, kvPast), g.FloatInput($"past_key_values.{i}.value", kv, kvPast));
        }

        g.Output("logits", io, "batch_size", "sequence_length", profile.SpeechVocabSize);
        for (var i = 0; i < profile.Layers; i++)
        {
            g.Output($"present.{i}.key", kv, kvPresent);
            g.Output($"present.{i}.value", kv, kvPresent);
        }

        return (embeds, past);
    }

    /// <summary>
    /// [batch, 1, seq, total] additive bias: query i sits at cache position past+i and may see keys 0..past+i; keys
    /// whose attention_mask entry is 0 are hidden. A mask of the wrong length fails to broadcast, as it should.
    /// </summary>
    internal static string AttentionBias(GraphBuilder g, string embeds, string firstPastKey)
    {
        var pastLength = g.DimOf(firstPastKey, 2);
        var totalLength = g.Op("Add", [pastLength, g.DimOf(embeds, 1)]);
        var keyPositions = g.Op("Range", [g.Scalar(0L), ToScalar(g, totalLength), g.Scalar(1L)]);
        var queryPositions = g.Op("Range", [ToScalar(g, pastLength), ToScalar(g, totalLength), g.Scalar(1L)]);
        var visible = g.Op("LessOrEqual", [g.Op("Unsqueeze", [keyPositions, g.Vector(0)]), g.Op("Unsqueeze", [queryPositions, g.Vector(1)])]);
        var causal = g.Op("Where", [visible, g.Scalar(0f), g.Scalar(Masked)]);

        var hidden = g.Op("Sub", [g.Scalar(1f), g.Cast("attention_mask", DataType.Float)]);
        var padding = g.Op("Unsqueeze", [g.Op("Mul", [hidden, g.Scalar(Masked)]), g.Vector(1, 2)]);
        return g.Op("Add", [causal, padding]);
    }

    /// <summary>
    /// The head over the final-normed stream; START and the never-trained ids above STOP are biased far down and only
    /// the stop channel feeds STOP.
    /// </summary>
    internal static string Head(GraphContext context, GraphBuilder g, WeightStore weights, string normed)
    {
        var hidden = context.Profile.Hidden;
        var vocab = context.Profile.SpeechVocabSize;
        var stopChannel = StopMechanism.Channel(hidden);
        var matrix = context.Uniform(Graph, "head", hidden * vocab, GraphContext.MatrixAmplitude(hidden, 3f));
        for (var r = 0; r < hidden; r++)
        {
            for (var c = 0; c < vocab; c++)
            {
                var feedsStop = r == stopChannel && c == TurboContract.StopToken;
                var isStopPath = r == stopChannel || c == TurboContract.StopToken;
                matrix[(r * vocab) + c] = feedsStop ? StopMechanism.HeadWeight : isStopPath ? 0f : matrix[(r * vocab) + c];
            }
        }

        var headBias = context.Uniform(Graph, "head_bias", vocab, 0.5f);
        headBias[TurboContract.StartToken] = StopMechanism.StartBias;
        headBias[TurboContract.StopToken] = StopMechanism.HeadBias;
        headBias.AsSpan(TurboContract.StopToken + 1).Fill(StopMechanism.StartBias);

        var logits = weights.MatMul("head", normed, matrix, hidden, vocab);
        return g.Op("Add", [logits, weights.Vector("head_bias", headBias)]);
    }

    internal static string ToScalar(GraphBuilder g, string oneElement) => g.Op("Squeeze", [oneElement, g.Vector(0)]);
}
