using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Onnx;
using LocalAi.Speech.Tests.Support;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>Provider placement, tested up to the point where a GPU would be needed (this machine has none).</summary>
[Collection(TinyModelCollection.Name)]
public sealed class ExecutionProviderTests(TinyModel tiny)
{
    [Theory]
    [InlineData(ModelDType.Q4, false)]
    [InlineData(ModelDType.Q4F16, false)]
    [InlineData(ModelDType.Fp16, true)]
    [InlineData(ModelDType.Fp32, true)]
    [InlineData(ModelDType.Q8, true)]
    public void Four_bit_embed_tokens_stays_on_the_cpu_under_cuda(ModelDType dtype, bool onCuda)
    {
        var cuda = new SessionFactory(new ChatterboxOptions { ModelDirectory = tiny.Directory, Device = ExecutionDevice.Cuda });
        Assert.Equal(onCuda, cuda.RunsOnCuda(ChatterboxGraph.EmbedTokens, dtype));
        Assert.True(cuda.RunsOnCuda(ChatterboxGraph.LanguageModel, dtype));
        Assert.True(cuda.RunsOnCuda(ChatterboxGraph.ConditionalDecoder, dtype));
    }

    [Fact]
    public void Nothing_runs_on_cuda_when_the_cpu_is_configured()
    {
        var cpu = new SessionFactory(new ChatterboxOptions { ModelDirectory = tiny.Directory });
        Assert.All(ChatterboxGraphs.All, graph => Assert.False(cpu.RunsOnCuda(graph, ModelDType.Fp16)));
    }

    [Fact]
    public void Cuda_without_the_gpu_build_is_a_clear_error_naming_the_remedies()
    {
        // The test host carries the CPU build of ONNX Runtime, so the CUDA provider cannot be appended.
        var error = Assert.Throws<ModelLoadException>(() => ChatterboxModel.Load(
            new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Fp16), Device = ExecutionDevice.Cuda }));
        Assert.Contains("CUDA", error.Message, StringComparison.Ordinal);
        Assert.Contains("--device cpu", error.Message, StringComparison.Ordinal);
    }
}
