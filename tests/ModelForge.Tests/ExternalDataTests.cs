using Google.Protobuf;
using Onnx;

namespace LocalAi.ModelForge.Tests;

[Collection(TinyModelCollection.Name)]
public sealed class ExternalDataTests(TinyModelFixture fixture)
{
    public static TheoryData<ForgeDType, string> Graphs()
    {
        var data = new TheoryData<ForgeDType, string>();
        foreach (var dtype in ForgeDTypes.All)
        {
            foreach (var graph in TurboContract.GraphNames)
            {
                data.Add(dtype, graph);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Every_initializer_lives_in_the_data_file_beside_the_graph_referenced_by_bare_name(ForgeDType dtype, string graph)
    {
        var path = fixture.Model.GraphPath(graph, dtype);
        var dataPath = path + "_data";
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var dataLength = new FileInfo(dataPath).Length;

        Assert.True(new FileInfo(path).Length < 64 * 1024, "the protobuf holds no weights");
        Assert.NotEmpty(model.Graph.Initializer);
        foreach (var tensor in model.Graph.Initializer)
        {
            Assert.Equal(TensorProto.Types.DataLocation.External, tensor.DataLocation);
            Assert.Equal(ByteString.Empty, tensor.RawData);
            var entries = tensor.ExternalData.ToDictionary(e => e.Key, e => e.Value);
            Assert.Equal(Path.GetFileName(dataPath), entries["location"]);
            Assert.InRange(long.Parse(entries["offset"], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(entries["length"], System.Globalization.CultureInfo.InvariantCulture), 1, dataLength);
        }
    }

    [Fact]
    public void The_directory_has_the_hugging_face_layout()
    {
        var json = File.ReadAllText(Path.Combine(fixture.Directory, "preprocessor_config.json"));
        var readme = File.ReadAllText(Path.Combine(fixture.Directory, "README.md"));

        Assert.Equal("""{"feature_extractor_type":"ChatterboxFeatureExtractor","processor_class":"ChatterboxProcessor","sampling_rate":24000}""", json);
        Assert.Contains("synthetic", readme, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("`q4f16`", readme, StringComparison.Ordinal);
        Assert.Contains("multiple of 53", readme, StringComparison.Ordinal);
        Assert.Equal(40, Directory.GetFiles(Path.Combine(fixture.Directory, "onnx")).Length);
    }

    [Fact]
    public void Q4_embed_tokens_gathers_with_the_contrib_op_that_fails_on_cuda()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(fixture.Model.GraphPath(TurboContract.EmbedTokens, ForgeDType.Q4)));
        var gathers = model.Graph.Node.Where(n => n.OpType == "GatherBlockQuantized").ToList();

        Assert.Equal(2, gathers.Count);
        Assert.All(gathers, n => Assert.Equal("com.microsoft", n.Domain));
        Assert.All(gathers, n => Assert.Equal(4, n.Attribute.Single(a => a.Name == "bits").I));
    }
}
