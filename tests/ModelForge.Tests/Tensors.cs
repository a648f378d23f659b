using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LocalAi.ModelForge.Tests;

/// <summary>Builds inputs and reads outputs whatever float element type the graph declares.</summary>
internal static class Tensors
{
    public static NamedOnnxValue Floats(InferenceSession session, string name, float[] data, params int[] dims) =>
        session.InputMetadata[name].ElementDataType == TensorElementType.Float16
            ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<Float16>(data.Select(v => (Float16)v).ToArray(), dims))
            : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(data, dims));

    public static NamedOnnxValue Longs(string name, long[] data, params int[] dims) =>
        NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(data, dims));

    public static float[] ReadFloats(NamedOnnxValue value) => value.Value switch
    {
        Tensor<float> t => t.ToArray(),
        Tensor<Float16> t => t.ToArray().Select(v => (float)v).ToArray(),
        _ => throw new InvalidOperationException($"{value.Name} is not a float tensor"),
    };

    public static int[] Dims(NamedOnnxValue value) => value.Value switch
    {
        Tensor<float> t => t.Dimensions.ToArray(),
        Tensor<Float16> t => t.Dimensions.ToArray(),
        Tensor<long> t => t.Dimensions.ToArray(),
        _ => throw new InvalidOperationException($"{value.Name} is not a tensor"),
    };

    /// <summary>Copies an output so it outlives the run's result collection, under a new input name.</summary>
    public static NamedOnnxValue Detach(NamedOnnxValue value, string name) => value.Value switch
    {
        Tensor<float> t => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(t.ToArray(), t.Dimensions.ToArray())),
        Tensor<Float16> t => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<Float16>(t.ToArray(), t.Dimensions.ToArray())),
        _ => throw new InvalidOperationException($"{value.Name} is not a float tensor"),
    };

    public static Dictionary<string, NamedOnnxValue> Run(InferenceSession session, params NamedOnnxValue[] inputs)
    {
        using var results = session.Run(inputs);
        return results.ToDictionary(r => r.Name, r => Detach(r));
    }

    private static NamedOnnxValue Detach(DisposableNamedOnnxValue value) => value.Value is Tensor<long> t
        ? NamedOnnxValue.CreateFromTensor(value.Name, new DenseTensor<long>(t.ToArray(), t.Dimensions.ToArray()))
        : Detach(value, value.Name);
}
