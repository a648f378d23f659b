using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;
using LocalAi.Speech.Tests.Support;

namespace LocalAi.Speech.Tests.Chatterbox;

[Collection(TinyModelCollection.Name)]
public sealed class ModelDirectoryTests(TinyModel tiny) : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "localai-dir-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_missing_folder_says_how_to_get_the_model()
    {
        var error = Assert.Throws<ModelDirectoryException>(() => ModelDirectory.Open(folder, GraphDTypes.Uniform(ModelDType.Q4)));
        Assert.Contains("localai models pull chatterbox-turbo --dtype q4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multilingual_directory_missing_a_graph_names_the_multilingual_pull()
    {
        CopyModel(ModelDType.Fp32);
        var error = Assert.Throws<ModelDirectoryException>(() =>
            ModelDirectory.Open(folder, GraphDTypes.Uniform(ModelDType.Q4), ModelCatalog.ChatterboxMultilingual.Id));
        Assert.Contains("localai models pull chatterbox-multilingual --dtype q4", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("chatterbox-turbo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Graphs_outside_onnx_folder_are_recognised_as_the_wrong_layout()
    {
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(tiny.Directory, "onnx", "language_model_q4.onnx"), Path.Combine(folder, "language_model_q4.onnx"));
        var error = Assert.Throws<ModelDirectoryException>(() => ModelDirectory.Open(folder, GraphDTypes.Uniform(ModelDType.Q4)));
        Assert.Contains("onnx/ subfolder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_dtype_lists_the_dtypes_that_are_there()
    {
        CopyModel(ModelDType.Fp32);
        var error = Assert.Throws<ModelDirectoryException>(() => ModelDirectory.Open(folder, GraphDTypes.Uniform(ModelDType.Q4)));
        Assert.Contains("onnx/speech_encoder_q4.onnx is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("Complete dtypes in it: fp32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_data_file_is_named()
    {
        CopyModel(ModelDType.Fp32);
        File.Delete(Path.Combine(folder, "onnx", "language_model.onnx_data"));
        var error = Assert.Throws<ModelDirectoryException>(() => ModelDirectory.Open(folder, GraphDTypes.Uniform(ModelDType.Fp32)));
        Assert.Contains("onnx/language_model.onnx_data is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_graph_is_a_load_error_that_suggests_pulling_again()
    {
        CopyModel(ModelDType.Fp32);
        var data = Path.Combine(folder, "onnx", "conditional_decoder.onnx_data");
        File.WriteAllBytes(data, File.ReadAllBytes(data)[..100]);
        var error = Assert.Throws<ModelLoadException>(() =>
            ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = folder, DTypes = GraphDTypes.Uniform(ModelDType.Fp32) }));
        Assert.Contains("conditional_decoder.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("pull the model again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_dtype_is_q4_on_cpu_and_fp16_on_cuda()
    {
        Assert.Equal(GraphDTypes.Uniform(ModelDType.Q4), ChatterboxOptions.DefaultDTypes(ExecutionDevice.Cpu));
        Assert.Equal(GraphDTypes.Uniform(ModelDType.Fp16), ChatterboxOptions.DefaultDTypes(ExecutionDevice.Cuda));
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void CopyModel(ModelDType dtype)
    {
        Directory.CreateDirectory(Path.Combine(folder, "onnx"));
        File.Copy(Path.Combine(tiny.Directory, "tokenizer.json"), Path.Combine(folder, "tokenizer.json"));
        foreach (var graph in ChatterboxGraphs.All)
        {
            File.Copy(Path.Combine(tiny.Directory, graph.GraphPath(dtype)), Path.Combine(folder, graph.GraphPath(dtype)));
            File.Copy(Path.Combine(tiny.Directory, graph.DataPath(dtype)), Path.Combine(folder, graph.DataPath(dtype)));
        }
    }
}
