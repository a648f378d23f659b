using LocalAi.ModelForge.Building;
using DataType = Onnx.TensorProto.Types.DataType;

namespace LocalAi.ModelForge.Graphs;

/// <summary>
/// How a random network is made to stop: the last residual channel is reserved. Only speech-embedding rows whose
/// id is a multiple of <see cref="TurboContract.StopTriggerModulus"/> write to it; attention, MLP and positions
/// never do; the head reads it only into the STOP logit. So the step after such a token is fed back, STOP wins.
/// </summary>
internal static class StopMechanism
{
    /// <summary>Logit bias that keeps START (6561) from ever being the argmax.</summary>
    public const float StartBias = -100f;

    /// <summary>The reserved residual channel.</summary>
    public static int Channel(int hidden) => hidden - 1;

    /// <summary>Value a trigger row puts in the channel: large next to the other channels after LayerNorm.</summary>
    public static float Feature(int hidden) => 4f * MathF.Sqrt(hidden);

    /// <summary>Head weight from the channel to the STOP logit.</summary>
    public const float HeadWeight = 10f;

    /// <summary>STOP logit bias: without the feature, STOP stays far below every code.</summary>
    public const float HeadBias = -30f;

    /// <summary>What the floor adds to the STOP logit below <see cref="ForgeOptions.MinStopPosition"/>: far below any code's logit.</summary>
    public const float HeldOffBias = -1000f;

    /// <summary>
    /// Adds <see cref="HeldOffBias"/> to the STOP logit of every position p with p + 1 &lt; <paramref name="minStopPosition"/>
    /// (read from <c>position_ids</c>), and nothing elsewhere: [batch, seq, vocab] float32 logits in and out.
    /// </summary>
    public static string HoldOff(GraphBuilder g, string logits, int minStopPosition, int vocab)
    {
        var early = g.Cast(g.Op("Less", ["position_ids", g.Scalar((long)minStopPosition - 1)]), DataType.Float);
        var stopOnly = new float[vocab];
        stopOnly[TurboContract.StopToken] = HeldOffBias;
        var penalty = g.Op("Mul", [g.Op("Unsqueeze", [early, g.Vector(-1)]), g.Initializer("stop_hold_off", DataType.Float, [vocab], stopOnly.AsSpan())]);
        return g.Op("Add", [logits, penalty]);
    }

    public static bool IsTrigger(int speechId) => speechId % TurboContract.StopTriggerModulus == 0;

    /// <summary>Clears the reserved channel (a column of a row-major [rows, hidden] matrix).</summary>
    public static float[] ClearChannel(float[] matrix, int hidden)
    {
        for (var i = Channel(hidden); i < matrix.Length; i += hidden)
        {
            matrix[i] = 0f;
        }

        return matrix;
    }
}
