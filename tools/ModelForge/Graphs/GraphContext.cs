using LocalAi.ModelForge.Building;

namespace LocalAi.ModelForge.Graphs;

/// <summary>What every graph writer needs: the model's size, its dtype, the seed and where files go.</summary>
internal sealed record GraphContext(ForgeProfile Profile, ForgeDType DType, ulong Seed, string OnnxDirectory, int MatMulAccuracyLevel, int MinStopPosition = 0)
{
    /// <summary>
    /// Uniform weights for one named tensor of one graph. The stream is keyed by graph and tensor name, not by
    /// dtype, so every dtype of a forged model quantises the same network.
    /// </summary>
    public float[] Uniform(string graph, string tensor, int count, float amplitude) =>
        SplitMix64.ForTensor(Seed, graph + "/" + tensor).Uniform(count, amplitude);

    /// <summary>Amplitude of a uniform matrix whose output has standard deviation <paramref name="gain"/> for unit inputs.</summary>
    public static float MatrixAmplitude(int fanIn, float gain = 1f) => gain * MathF.Sqrt(3f / fanIn);

    /// <summary>Amplitude of uniform values with unit standard deviation.</summary>
    public static float UnitAmplitude => MathF.Sqrt(3f);

    /// <summary>Writes <c>onnx/{graph}{suffix}.onnx</c> and its <c>_data</c> file with <paramref name="build"/>.</summary>
    public void Write(string graph, Action<GraphBuilder, WeightStore> build)
    {
        var modelPath = Path.Combine(OnnxDirectory, graph + DType.FileSuffix() + ".onnx");
        using var builder = new GraphBuilder(graph, modelPath + "_data");
        build(builder, new WeightStore(builder, DType, MatMulAccuracyLevel));
        builder.Save(modelPath);
    }
}
