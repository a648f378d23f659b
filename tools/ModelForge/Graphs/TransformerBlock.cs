using LocalAi.ModelForge.Building;

namespace LocalAi.ModelForge.Graphs;

/// <summary>One GPT-2 block: pre-LayerNorm attention over past+new keys, then a pre-LayerNorm MLP, both residual.</summary>
internal sealed class TransformerBlock(GraphContext context, GraphBuilder g, WeightStore weights)
{
    private const string Graph = TurboContract.LanguageModel;
    private const float GeluSigmoidScale = 1.702f;

    private readonly int _hidden = context.Profile.Hidden;

    /// <summary>Returns the block output and the float32 present key and value of layer <paramref name="layer"/>.</summary>
    public (string Output, string PresentKey, string PresentValue) Write(int layer, string x, string pastKey, string pastValue, string bias)
    {
        var profile = context.Profile;
        var prefix = $"h.{layer}.";
        var normed = LayerNorm(context, g, weights, prefix + "ln_1", x, keepStopChannel: false);
        var query = Heads(Linear(prefix + "attn.q", normed, _hidden, _hidden, clearStop: false));
        var presentKey = g.Op("Concat", [pastKey, Heads(Linear(prefix + "attn.k", normed, _hidden, _hidden, clearStop: false))], Attr.Int("axis", 2));
        var presentValue = g.Op("Concat", [pastValue, Heads(Linear(prefix + "attn.v", normed, _hidden, _hidden, clearStop: false))], Attr.Int("axis", 2));

        var keysT = g.Op("Transpose", [presentKey], Attr.Ints("perm", 0, 1, 3, 2));
        var scores = g.Op("Mul", [g.Op("MatMul", [query, keysT]), g.Scalar(1f / MathF.Sqrt(profile.HeadDim))]);
        var weightsPerKey = g.Op("Softmax", [g.Op("Add", [scores, bias])], Attr.Int("axis", -1));
        var context2 = g.Op("MatMul", [weightsPerKey, presentValue]);
        var merged = g.Op("Reshape", [g.Op("Transpose", [context2], Attr.Ints("perm", 0, 2, 1, 3)), g.Vector(0, 0, _hidden)]);
        var attended = g.Op("Add", [x, Linear(prefix + "attn.proj", merged, _hidden, _hidden, clearStop: true)]);

        var normed2 = LayerNorm(context, g, weights, prefix + "ln_2", attended, keepStopChannel: false);
        var inner = Linear(prefix + "mlp.fc", normed2, _hidden, profile.MlpSize, clearStop: false);
        var activated = g.Op("Mul", [inner, g.Op("Sigmoid", [g.Op("Mul", [inner, g.Scalar(GeluSigmoidScale)])])]);
        var output = g.Op("Add", [attended, Linear(prefix + "mlp.proj", activated, profile.MlpSize, _hidden, clearStop: true)]);
        return (output, presentKey, presentValue);
    }

    /// <summary>LayerNorm with gains near 1; the final one keeps the stop channel's gain exactly 1.</summary>
    public static string LayerNorm(GraphContext context, GraphBuilder g, WeightStore weights, string name, string x, bool keepStopChannel)
    {
        var hidden = context.Profile.Hidden;
        var gain = context.Uniform(Graph, name + ".weight", hidden, 0.2f);
        var shift = context.Uniform(Graph, name + ".bias", hidden, 0.1f);
        for (var i = 0; i < hidden; i++)
        {
            gain[i] += 1f;
        }

        if (keepStopChannel)
        {
            gain[StopMechanism.Channel(hidden)] = 1f;
            shift[StopMechanism.Channel(hidden)] = 0f;
        }

        return g.Op("LayerNormalization", [x, weights.Vector(name + ".weight", gain), weights.Vector(name + ".bias", shift)], Attr.Int("axis", -1), Attr.Float("epsilon", 1e-5f));
    }

    /// <summary>x·W + b. Projections back into the residual stream never write the reserved stop channel.</summary>
    private string Linear(string name, string x, int inputs, int outputs, bool clearStop)
    {
        var matrix = context.Uniform(Graph, name + ".weight", inputs * outputs, GraphContext.MatrixAmplitude(inputs));
        var bias = context.Uniform(Graph, name + ".bias", outputs, 0.1f);
        if (clearStop)
        {
            StopMechanism.ClearChannel(matrix, outputs);
            StopMechanism.ClearChannel(bias, outputs);
        }

        return g.Op("Add", [weights.MatMul(name + ".weight", x, matrix, inputs, outputs), weights.Vector(name + ".bias", bias)]);
    }

    /// <summary>[batch, seq, hidden] → [batch, heads, seq, head_dim].</summary>
    private string Heads(string x) =>
        g.Op("Transpose", [g.Op("Reshape", [x, g.Vector(0, 0, context.Profile.Heads, context.Profile.HeadDim)])], Attr.Ints("perm", 0, 2, 1, 3));
}
