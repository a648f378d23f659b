using Onnx;

namespace LocalAi.ModelForge.Tests;

/// <summary>
/// A float32 graph output is written by the node that computes it, as in an exported graph: the language model's
/// Concat writes <c>present.*</c> itself, so no Identity copies every row's cache once more per step (which made the
/// forged model's batched steps dearer than the real model's).
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class GraphOutputTests(TinyModelFixture fixture)
{
    [Theory]
    [InlineData(ForgeDType.Fp32)]
    [InlineData(ForgeDType.Q4)]
    public void Float_presents_come_straight_from_their_concat(ForgeDType dtype)
    {
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(fixture.Model.GraphPath(TurboContract.LanguageModel, dtype))).Graph;
        var presents = graph.Output.Select(o => o.Name).Where(n => n.StartsWith("present.", StringComparison.Ordinal)).ToList();

        Assert.Equal(fixture.Model.Profile.Layers * 2, presents.Count);
        Assert.All(presents, name => Assert.Equal("Concat", graph.Node.Single(n => n.Output.Contains(name)).OpType));
        Assert.DoesNotContain(graph.Node, n => n.OpType == "Identity");

        // The attention still reads the concatenated keys and values, now under the output's name.
        Assert.All(presents, name => Assert.Contains(graph.Node, n => n.Input.Contains(name)));
    }

    [Theory]
    [InlineData(ForgeDType.Fp16)]
    [InlineData(ForgeDType.Q4F16)]
    public void Float16_presents_are_cast_from_the_float32_concat(ForgeDType dtype)
    {
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(fixture.Model.GraphPath(TurboContract.LanguageModel, dtype))).Graph;

        var producer = graph.Node.Single(n => n.Output.Contains("present.0.key"));

        Assert.Equal("Cast", producer.OpType);
        Assert.Equal("Concat", graph.Node.Single(n => n.Output.Contains(producer.Input[0])).OpType);
    }
}
