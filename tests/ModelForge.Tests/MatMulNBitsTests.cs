using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace LocalAi.ModelForge.Tests;

/// <summary>
/// The 4-bit language models use the real export's contrib operators, and their packed weights decode, by the
/// operator's own formula ((nibble − 8) × block scale, low nibble first along K), to the fp32 model's weights.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class MatMulNBitsTests(TinyModelFixture fixture)
{
    private const int BlockSize = 32;
    private const string Projection = "h.1.mlp.fc.weight";

    [Theory]
    [InlineData(ForgeDType.Q4)]
    [InlineData(ForgeDType.Q4F16)]
    public void Every_language_model_projection_is_a_4_bit_matmulnbits(ForgeDType dtype)
    {
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(fixture.Model.GraphPath(TurboContract.LanguageModel, dtype))).Graph;
        var nodes = graph.Node.Where(n => n.OpType == "MatMulNBits").ToList();

        // Six projections per layer (q, k, v, attn.proj, mlp.fc, mlp.proj) and the head.
        Assert.Equal((fixture.Model.Profile.Layers * 6) + 1, nodes.Count);
        Assert.All(nodes, n => Assert.Equal("com.microsoft", n.Domain));
        Assert.All(nodes, n => Assert.Equal(4, Attribute(n, "bits")));
        Assert.All(nodes, n => Assert.Equal(BlockSize, Attribute(n, "block_size")));
        Assert.DoesNotContain(graph.Node, n => n.OpType == "DequantizeLinear");
        Assert.Single(graph.Node, n => n.OpType == "GatherBlockQuantized");
        var head = nodes.Single(n => n.Input[1] == "head_quant");
        Assert.Equal([fixture.Model.Profile.Hidden, TurboContract.SpeechVocabSize], [Attribute(head, "K"), Attribute(head, "N")]);
    }

    [Theory]
    [InlineData(ForgeDType.Q4)]
    [InlineData(ForgeDType.Q4F16)]
    public void Packed_weights_dequantize_to_the_fp32_weights_within_half_a_step(ForgeDType dtype)
    {
        var (k, n, dequantized, scales) = Dequantized(dtype);
        var original = Floats(ReadInitializer(TurboContract.LanguageModel, ForgeDType.Fp32, Projection));

        Assert.Equal(k * n, original.Length);
        for (var row = 0; row < k; row++)
        {
            for (var col = 0; col < n; col++)
            {
                // Half a quantisation step, plus float16's rounding of the scale (2^-11 relative) for q4f16.
                var halfStep = (scales[(col * (k / BlockSize)) + (row / BlockSize)] / 2) + (MathF.Abs(original[(row * n) + col]) / 1024) + 1e-6f;
                Assert.InRange(dequantized[(row * n) + col], original[(row * n) + col] - halfStep, original[(row * n) + col] + halfStep);
            }
        }
    }

    [Theory]
    [InlineData(ForgeDType.Q4, 1e-4)]
    [InlineData(ForgeDType.Q4F16, 5e-3)]
    public void The_node_on_the_cpu_provider_equals_a_float_matmul_over_the_dequantized_weights(ForgeDType dtype, double tolerance)
    {
        var (k, n, dequantized, _) = Dequantized(dtype);
        var node = ProjectionNode(dtype);
        using var session = new InferenceSession(SingleNodeModel(dtype, node, k, n).ToByteArray());
        const int rows = 3;
        var input = Enumerable.Range(0, rows * k).Select(i => MathF.Sin(i * 0.37f)).ToArray();

        using var results = session.Run([Tensors.Floats(session, "A", input, 1, rows, k)]);
        var actual = Tensors.ReadFloats(results.Single());

        var expected = new float[rows * n];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var sum = 0.0;
                for (var i = 0; i < k; i++)
                {
                    sum += (double)input[(r * k) + i] * dequantized[(i * n) + c];
                }

                expected[(r * n) + c] = (float)sum;
            }
        }

        var error = Math.Sqrt(expected.Zip(actual, (e, a) => (double)(e - a) * (e - a)).Sum() / expected.Sum(e => (double)e * e));
        Assert.True(error < tolerance, $"relative error {error:E2} ≥ {tolerance:E0}");
    }

    /// <summary>The projection's weights as the operator defines them: W[k, n] = (nibble − 8) × scale[n, k / block].</summary>
    private (int K, int N, float[] Weights, float[] Scales) Dequantized(ForgeDType dtype)
    {
        var node = ProjectionNode(dtype);
        var (k, n) = ((int)Attribute(node, "K"), (int)Attribute(node, "N"));
        var packed = ReadInitializer(TurboContract.LanguageModel, dtype, node.Input[1]).Bytes;
        var scales = Floats(ReadInitializer(TurboContract.LanguageModel, dtype, node.Input[2]));
        var blocks = k / BlockSize;
        Assert.Equal(n * blocks * BlockSize / 2, packed.Length);
        Assert.Equal(n * blocks, scales.Length);

        var weights = new float[k * n];
        for (var col = 0; col < n; col++)
        {
            for (var row = 0; row < k; row++)
            {
                var b = packed[(col * blocks * BlockSize / 2) + (row / 2)];
                var nibble = row % 2 == 0 ? b & 0x0F : b >> 4;
                weights[(row * n) + col] = (nibble - 8) * scales[(col * blocks) + (row / BlockSize)];
            }
        }

        return (k, n, weights, scales);
    }

    private NodeProto ProjectionNode(ForgeDType dtype) =>
        ModelProto.Parser.ParseFrom(File.ReadAllBytes(fixture.Model.GraphPath(TurboContract.LanguageModel, dtype)))
            .Graph.Node.Single(node => node.OpType == "MatMulNBits" && node.Input[1] == Projection + "_quant");

    /// <summary>The forged node alone, its weights inlined: A [1, rows, K] → Y [1, rows, N].</summary>
    private ModelProto SingleNodeModel(ForgeDType dtype, NodeProto forged, int k, int n)
    {
        var io = dtype == ForgeDType.Q4F16 ? DataType.Float16 : DataType.Float;
        var node = new NodeProto { OpType = "MatMulNBits", Domain = "com.microsoft", Name = "projection" };
        node.Input.AddRange(["A", forged.Input[1], forged.Input[2]]);
        node.Output.Add("Y");
        node.Attribute.AddRange(forged.Attribute);
        var graph = new GraphProto { Name = "projection" };
        graph.Node.Add(node);
        foreach (var name in forged.Input.Skip(1))
        {
            var (tensor, bytes) = ReadInitializer(TurboContract.LanguageModel, dtype, name);
            var inline = new TensorProto { Name = name, DataType = tensor.DataType, RawData = ByteString.CopyFrom(bytes) };
            inline.Dims.AddRange(tensor.Dims);
            graph.Initializer.Add(inline);
        }

        graph.Input.Add(ValueInfo("A", io, 1, -1, k));
        graph.Output.Add(ValueInfo("Y", io, 1, -1, n));
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
        return model;
    }

    private (TensorProto Tensor, byte[] Bytes) ReadInitializer(string graphName, ForgeDType dtype, string name)
    {
        var path = fixture.Model.GraphPath(graphName, dtype);
        var tensor = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Initializer.Single(t => t.Name == name);
        var entries = tensor.ExternalData.ToDictionary(e => e.Key, e => e.Value);
        var offset = long.Parse(entries["offset"], CultureInfo.InvariantCulture);
        var bytes = new byte[int.Parse(entries["length"], CultureInfo.InvariantCulture)];
        using var data = File.OpenRead(path + "_data");
        data.Position = offset;
        data.ReadExactly(bytes);
        return (tensor, bytes);
    }

    private static float[] Floats((TensorProto Tensor, byte[] Bytes) initializer) =>
        (DataType)initializer.Tensor.DataType == DataType.Float16
            ? [.. MemoryMarshal.Cast<byte, Half>(initializer.Bytes).ToArray().Select(h => (float)h)]
            : MemoryMarshal.Cast<byte, float>(initializer.Bytes).ToArray();

    private static long Attribute(NodeProto node, string name) => node.Attribute.Single(a => a.Name == name).I;

    private static ValueInfoProto ValueInfo(string name, DataType type, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "rows" } : new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }
}
