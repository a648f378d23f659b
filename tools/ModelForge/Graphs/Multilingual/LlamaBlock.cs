using LocalAi.ModelForge.Building;

namespace LocalAi.ModelForge.Graphs.Multilingual;

/// <summary>One Llama block: RMSNorm, rotary attention over past+new keys, RMSNorm, SwiGLU MLP, both residual.</summary>
internal sealed class LlamaBlock(GraphContext context, GraphBuilder g, WeightStore weights, (string Cos, string Sin) rotary)
{
    private const string Graph = TurboContract.LanguageModel;
    private const float Epsilon = 1e-5f;

    private readonly int hidden = context.Profile.Hidden;

    /// <summary>Returns the block output and the float32 present key and value of layer <paramref name="layer"/>.</summary>
    public (string Output, string PresentKey, string PresentValue) Write(int layer, string x, string pastKey, string pastValue, string bias)
    {
        var profile = context.Profile;
        var prefix = $"layers.{layer}.";
        var normed = RmsNorm(context, g, weights, prefix + "input_layernorm", x, keepStopChannel: false);
        var query = Rotate(Heads(Project(prefix + "self_attn.q_proj", normed, hidden, hidden, clearStop: false)));
        var key = Rotate(Heads(Project(prefix + "self_attn.k_proj", normed, hidden, hidden, clearStop: false)));
        var presentKey = g.Op("Concat", [pastKey, key], Attr.Int("axis", 2));
        var presentValue = g.Op("Concat", [pastValue, Heads(Project(prefix + "self_attn.v_proj", normed, hidden, hidden, clearStop: false))], Attr.Int("axis", 2));

        var keysT = g.Op("Transpose", [presentKey], Attr.Ints("perm", 0, 1, 3, 2));
        var scores = g.Op("Mul", [g.Op("MatMul", [query, keysT]), g.Scalar(1f / MathF.Sqrt(profile.HeadDim))]);
        var attention = g.Op("Softmax", [g.Op("Add", [scores, bias])], Attr.Int("axis", -1));
        var merged = g.Op("Reshape", [g.Op("Transpose", [g.Op("MatMul", [attention, presentValue])], Attr.Ints("perm", 0, 2, 1, 3)), g.Vector(0, 0, hidden)]);
        var attended = g.Op("Add", [x, Project(prefix + "self_attn.o_proj", merged, hidden, hidden, clearStop: true)]);

        var normed2 = RmsNorm(context, g, weights, prefix + "post_attention_layernorm", attended, keepStopChannel: false);
        var gate = Project(prefix + "mlp.gate_proj", normed2, hidden, profile.MlpSize, clearStop: false);
        var up = Project(prefix + "mlp.up_proj", normed2, hidden, profile.MlpSize, clearStop: false);
        var activated = g.Op("Mul", [g.Op("Mul", [gate, g.Op("Sigmoid", [gate])]), up]);
        var output = g.Op("Add", [attended, Project(prefix + "mlp.down_proj", activated, profile.MlpSize, hidden, clearStop: true)]);
        return (output, presentKey, presentValue);
    }

    /// <summary>x / sqrt(mean(x²) + ε) · gain, gains near 1; the final one keeps the stop channel's gain exactly 1.</summary>
    public static string RmsNorm(GraphContext context, GraphBuilder g, WeightStore weights, string name, string x, bool keepStopChannel)
    {
        var width = context.Profile.Hidden;
        var gain = context.Uniform(Graph, name + ".weight", width, 0.2f);
        for (var i = 0; i < width; i++)
        {
            gain[i] += 1f;
        }

        if (keepStopChannel)
        {
            gain[StopMechanism.Channel(width)] = 1f;
        }

        var meanSquare = g.Op("ReduceMean", [g.Op("Mul", [x, x])], Attr.Ints("axes", -1), Attr.Int("keepdims", 1));
        var scale = g.Op("Sqrt", [g.Op("Add", [meanSquare, g.Scalar(Epsilon)])]);
        return g.Op("Mul", [g.Op("Div", [x, scale]), weights.Vector(name + ".weight", gain)]);
    }

    /// <summary>x·W (Llama projections have no bias). Projections back into the residual stream never write the stop channel.</summary>
    private string Project(string name, string x, int inputs, int outputs, bool clearStop)
    {
        var matrix = context.Uniform(Graph, name + ".weight", inputs * outputs, GraphContext.MatrixAmplitude(inputs));
        if (clearStop)
        {
            StopMechanism.ClearChannel(matrix, outputs);
        }

        return weights.MatMul(name + ".weight", x, matrix, inputs, outputs);
    }

    /// <summary>x·cos + rotate_half(x)·sin over the head dimension, rotate_half(x) = [−x₂, x₁].</summary>
    private string Rotate(string x)
    {
        var half = context.Profile.HeadDim / 2;
        var first = g.Slice(x, g.Vector(0), g.Vector(half), 3);
        var second = g.Slice(x, g.Vector(half), g.Vector(context.Profile.HeadDim), 3);
        var rotated = g.Op("Concat", [g.Op("Neg", [second]), first], Attr.Int("axis", 3));
        return g.Op("Add", [g.Op("Mul", [x, rotary.Cos]), g.Op("Mul", [rotated, rotary.Sin])]);
    }

    /// <summary>[batch, seq, hidden] → [batch, heads, seq, head_dim].</summary>
    private string Heads(string x) =>
        g.Op("Transpose", [g.Op("Reshape", [x, g.Vector(0, 0, context.Profile.Heads, context.Profile.HeadDim)])], Attr.Ints("perm", 0, 2, 1, 3));
}
