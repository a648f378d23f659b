using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;

namespace LocalAi.Speech.Tests.Models;

public sealed class ModelCatalogTests
{
    [Fact]
    public void Chatterbox_turbo_comes_from_the_official_onnx_repository()
    {
        var entry = ModelCatalog.Find("Chatterbox-Turbo");

        Assert.NotNull(entry);
        Assert.Equal("ResembleAI/chatterbox-turbo-ONNX", entry.Repo);
        Assert.Equal("main", entry.Revision);
        Assert.Null(ModelCatalog.Find("chatterbox-giant"));
    }

    [Fact]
    public void Files_for_a_mix_are_each_graph_and_its_data_in_its_dtype_then_the_tokenizer_then_optional_root_files()
    {
        var files = ModelCatalog.ChatterboxTurbo.FilesFor(GraphDTypes.Parse("q4,language_model=fp16"));

        Assert.Equal(
            [
                "onnx/speech_encoder_q4.onnx", "onnx/speech_encoder_q4.onnx_data",
                "onnx/embed_tokens_q4.onnx", "onnx/embed_tokens_q4.onnx_data",
                "onnx/language_model_fp16.onnx", "onnx/language_model_fp16.onnx_data",
                "onnx/conditional_decoder_q4.onnx", "onnx/conditional_decoder_q4.onnx_data",
                "tokenizer.json",
            ],
            files.Where(f => f.Required).Select(f => f.Path));
        Assert.Equal(
            ["preprocessor_config.json", "config.json", "generation_config.json", "tokenizer_config.json", "special_tokens_map.json"],
            files.Where(f => !f.Required).Select(f => f.Path));
        Assert.Equal(ModelDType.Fp16, files.Single(f => f.Path == "onnx/language_model_fp16.onnx").DType);
        Assert.Null(files.Single(f => f.Path == "tokenizer.json").DType);
    }
}
