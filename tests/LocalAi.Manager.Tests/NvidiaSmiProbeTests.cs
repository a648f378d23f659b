using LocalAi.Manager.Gpu;

namespace LocalAi.Manager.Tests;

/// <summary>Reading nvidia-smi's free-memory output.</summary>
public sealed class NvidiaSmiProbeTests
{
    [Theory]
    [InlineData("7890\n", 7890L)]
    [InlineData("1000\n2000\n", 3000L)]
    [InlineData("", null)]
    [InlineData("[N/A]\n", null)]
    public void Free_memory_is_summed_over_gpus_and_unknown_when_unreadable(string output, long? expected) =>
        Assert.Equal(expected, NvidiaSmiProbe.Parse(output));
}
