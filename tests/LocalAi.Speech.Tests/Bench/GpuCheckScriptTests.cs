using LocalAi.Testing;

namespace LocalAi.Speech.Tests.Bench;

/// <summary>
/// bench/gpu-check.sh runs where a GPU is; here it runs its reduced CPU form (build, forge, CPU comparison, batch
/// levels, report) so the script and the benchmark mode it drives keep working between GPU runs.
/// </summary>
public sealed class GpuCheckScriptTests
{
    [Fact]
    public async Task The_gpu_check_runs_its_steps_on_the_cpu()
    {
        var result = await ProcessRunner.RunAsync("bash", ["bench/gpu-check.sh", "--cpu-smoke"], TimeSpan.FromMinutes(20));

        Assert.True(result.Succeeded, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains("Cpu greedy tokens equal the CPU's", result.Output, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(RepositoryRoot.PathOf(".artifacts/gpu-check/cpu-smoke/report.md"));
        Assert.Contains("| 1 |", report, StringComparison.Ordinal);
        Assert.Contains("| 2 |", report, StringComparison.Ordinal);
        Assert.Contains("real-time factor", report, StringComparison.Ordinal);
        Assert.Contains("20 greedy tokens", report, StringComparison.Ordinal); // the stop floor: every request runs its budget
        Assert.Contains("| off (whole sentence) |", report, StringComparison.Ordinal); // time to first audio, streaming off
        Assert.Contains("| 10-token pieces", report, StringComparison.Ordinal); // and on
    }

    [Fact]
    public async Task Without_a_gpu_the_real_check_says_so()
    {
        var result = await ProcessRunner.RunAsync("/usr/bin/env", ["PATH=/nonexistent", "/bin/bash", "bench/gpu-check.sh"], TimeSpan.FromMinutes(1));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nvidia-smi not found", result.Error, StringComparison.Ordinal);
    }
}
