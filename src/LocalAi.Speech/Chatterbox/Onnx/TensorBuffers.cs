using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LocalAi.Speech.Chatterbox.Onnx;

/// <summary>
/// Moves float data in and out of ONNX Runtime tensors whose element type (float32 or float16) is whatever the graph
/// declares. float16 → float32 is exact and float32 → float16 rounds to nearest even, as numpy's astype does.
/// </summary>
internal static class TensorBuffers
{
    /// <summary>Allocates a native tensor of <paramref name="type"/> and fills it from float32 data.</summary>
    public static OrtValue CreateFloat(ReadOnlySpan<float> data, long[] shape, TensorElementType type)
    {
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, shape);
        try
        {
            switch (type)
            {
                case TensorElementType.Float:
                    data.CopyTo(value.GetTensorMutableDataAsSpan<float>());
                    break;
                case TensorElementType.Float16:
                    var halves = MemoryMarshal.Cast<Float16, Half>(value.GetTensorMutableDataAsSpan<Float16>());
                    for (var i = 0; i < data.Length; i++)
                    {
                        halves[i] = (Half)data[i];
                    }

                    break;
                default:
                    throw new NotSupportedException($"Tensor element type {type} is not a float type this engine can feed.");
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    /// <summary>Allocates an int64 tensor holding <paramref name="data"/>.</summary>
    public static OrtValue CreateInt64(ReadOnlySpan<long> data, long[] shape)
    {
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Int64, shape);
        data.CopyTo(value.GetTensorMutableDataAsSpan<long>());
        return value;
    }

    /// <summary>An empty (zero-length) tensor, used as the first past key/value.</summary>
    public static OrtValue CreateEmpty(long[] shape, TensorElementType type) =>
        OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, shape);

    /// <summary>Copies float32 or float16 tensor data, starting at element <paramref name="offset"/>, into <paramref name="destination"/>.</summary>
    public static void CopyFloats(OrtValue value, long offset, Span<float> destination)
    {
        var type = value.GetTensorTypeAndShape().ElementDataType;
        switch (type)
        {
            case TensorElementType.Float:
                value.GetTensorDataAsSpan<float>().Slice(checked((int)offset), destination.Length).CopyTo(destination);
                break;
            case TensorElementType.Float16:
                var halves = MemoryMarshal.Cast<Float16, Half>(value.GetTensorDataAsSpan<Float16>()).Slice(checked((int)offset), destination.Length);
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)halves[i];
                }

                break;
            default:
                throw new NotSupportedException($"Tensor element type {type} is not a float type this engine can read.");
        }
    }

    /// <summary>All elements of a float32 or float16 tensor as float32.</summary>
    public static float[] ReadFloats(OrtValue value)
    {
        var result = new float[value.GetTensorTypeAndShape().ElementCount];
        CopyFloats(value, 0, result);
        return result;
    }

    /// <summary>All elements of an int64 tensor.</summary>
    public static long[] ReadInt64(OrtValue value) => value.GetTensorDataAsSpan<long>().ToArray();

    /// <summary>The shape of a tensor.</summary>
    public static long[] Shape(OrtValue value) => value.GetTensorTypeAndShape().Shape;
}
