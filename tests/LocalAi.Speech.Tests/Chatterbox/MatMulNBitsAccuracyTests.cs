using LocalAi.Speech.Chatterbox.Onnx;
using LocalAi.Speech.Tests.Support;
using Onnx;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>The accuracy-level override rewrites exactly the MatMulNBits nodes, and the level really changes the output.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class MatMulNBitsAccuracyTests(TinyModel tiny)
{
    [Theory]
    [InlineData("_q4")]
    [InlineData("_q4f16")]
    public void Every_matmulnbits_node_gets_the_level_and_nothing_else_changes(string suffix)
    {
        var path = LanguageModel(tiny.Directory, suffix);
        var original = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));

        var bytes = MatMulNBitsAccuracy.Patch(path, 4);
        Assert.NotNull(bytes);
        var patched = ModelProto.Parser.ParseFrom(bytes);

        var nodes = patched.Graph.Node.Where(n => n.OpType == "MatMulNBits").ToList();
        Assert.NotEmpty(nodes);
        Assert.All(nodes, n => Assert.Equal(4, n.Attribute.Single(a => a.Name == "accuracy_level").I));
        Assert.Equal(original.Graph.Node.Count, patched.Graph.Node.Count);
        Assert.Equal(original.Graph.Initializer, patched.Graph.Initializer);
    }

    [Fact]
    public void A_graph_already_at_the_level_or_without_matmulnbits_is_left_alone()
    {
        Assert.Null(MatMulNBitsAccuracy.Patch(LanguageModel(tiny.Int8ComputeDirectory, "_q4"), 4));
        Assert.Null(MatMulNBitsAccuracy.Patch(LanguageModel(tiny.Directory, ""), 4));
    }

    [Fact]
    public void The_two_forged_levels_generate_differently_so_the_conformance_tests_can_tell_them_apart()
    {
        var clip = TestClips.Voice(7.5, 7);
        long[] ids = [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13, 50274, 50256, 50256];
        using var floatCompute = new ReferenceLoop(tiny.Directory, "_q4");
        using var int8Compute = new ReferenceLoop(tiny.Int8ComputeDirectory, "_q4");

        Assert.NotEqual(floatCompute.Run(clip, ids, 160).Waveform, int8Compute.Run(clip, ids, 160).Waveform);
    }

    private static string LanguageModel(string directory, string suffix) => Path.Combine(directory, "onnx", $"language_model{suffix}.onnx");
}
