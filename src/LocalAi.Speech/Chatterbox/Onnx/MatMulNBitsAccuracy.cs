using Google.Protobuf;
using Onnx;

namespace LocalAi.Speech.Chatterbox.Onnx;

/// <summary>
/// Sets the <c>accuracy_level</c> attribute of every 4-bit <c>com.microsoft:MatMulNBits</c> node of a graph. The
/// attribute, not a session option, picks the CPU kernel (<c>session.qdq_matmulnbits_accuracy_level</c> only
/// applies to DequantizeLinear + MatMul pairs that ONNX Runtime fuses itself), so changing it means changing the graph:
/// the small <c>.onnx</c> protobuf is rewritten in memory while the weights stay in the <c>_data</c> file.
/// </summary>
internal static class MatMulNBitsAccuracy
{
    private const string AttributeName = "accuracy_level";

    /// <summary>The patched graph, or null when it has no MatMulNBits node whose level differs from <paramref name="level"/>.</summary>
    /// <exception cref="InvalidProtocolBufferException">The file is not an ONNX model.</exception>
    public static byte[]? Patch(string modelPath, int level)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
        var changed = false;
        foreach (var node in model.Graph.Node.Where(n => n.OpType == "MatMulNBits" && n.Domain == "com.microsoft"))
        {
            var attribute = node.Attribute.FirstOrDefault(a => a.Name == AttributeName);
            if (attribute is null)
            {
                node.Attribute.Add(new AttributeProto { Name = AttributeName, Type = AttributeProto.Types.AttributeType.Int, I = level });
                changed = true;
            }
            else if (attribute.I != level)
            {
                attribute.I = level;
                changed = true;
            }
        }

        return changed ? model.ToByteArray() : null;
    }
}
