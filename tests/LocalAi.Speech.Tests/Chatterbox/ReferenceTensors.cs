using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// The numpy-side plumbing both reference loops share: float data in and out of NamedOnnxValue tensors of whatever
/// element type a graph declares (float32 or float16, as numpy's astype converts it), and the token choice both
/// official scripts define identically.
/// </summary>
internal static class ReferenceTensors
{
    /// <summary>
    /// The scripts' <c>RepetitionPenaltyLogitsProcessor</c> (take_along_axis, where(score &lt; 0, score · p, score / p),
    /// put_along_axis, so duplicates write the same value) followed by <c>np.argmax</c> (the first maximum).
    /// </summary>
    public static long PenalisedArgmax(float[] lastLogits, IReadOnlyList<long> generateTokens, float penalty)
    {
        var score = generateTokens.Select(t => lastLogits[t]).Select(s => s < 0 ? s * penalty : s / penalty).ToArray();
        var processed = (float[])lastLogits.Clone();
        for (var j = 0; j < generateTokens.Count; j++)
        {
            processed[generateTokens[j]] = score[j];
        }

        long next = 0;
        for (var j = 1; j < processed.Length; j++)
        {
            if (processed[j] > processed[next])
            {
                next = j;
            }
        }

        return next;
    }

    public static NamedOnnxValue Named(InferenceSession session, string name, float[] data, int[] dims) =>
        session.InputMetadata[name].ElementDataType == TensorElementType.Float16
            ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<Float16>(data.Select(v => (Float16)v).ToArray(), dims))
            : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(data, dims));

    public static float[] Floats(DisposableNamedOnnxValue value) =>
        value.ElementType == TensorElementType.Float16
            ? value.AsTensor<Float16>().Select(h => (float)h).ToArray()
            : value.AsTensor<float>().ToArray();

    public static int[] Dims(DisposableNamedOnnxValue value) => value.ElementType switch
    {
        TensorElementType.Float16 => value.AsTensor<Float16>().Dimensions.ToArray(),
        TensorElementType.Int64 => value.AsTensor<long>().Dimensions.ToArray(),
        _ => value.AsTensor<float>().Dimensions.ToArray(),
    };
}
