using LocalAi.Manager.Lifecycle;
using LocalAi.Manager.Routing;

namespace LocalAi.Manager.Tests.Routing;

/// <summary>The lifecycle's failures become HTTP answers at the edge only, each with its status and code.</summary>
public sealed class BackendErrorsTests
{
    [Theory]
    [InlineData(ModelFailure.StartFailed, 502, "backend_failed", null)]
    [InlineData(ModelFailure.StartTimedOut, 503, "backend_start_timeout", null)]
    [InlineData(ModelFailure.GamingMode, 503, "gaming_mode", 60)]
    [InlineData(ModelFailure.InsufficientGpuMemory, 503, "insufficient_gpu_memory", 5)]
    [InlineData(ModelFailure.ShuttingDown, 503, "shutting_down", null)]
    public void Each_failure_maps_to_its_status_and_code(ModelFailure failure, int status, string code, int? retryAfterSeconds)
    {
        var answer = BackendErrors.From(new ModelUnavailableException(failure, "why"));

        Assert.Equal(status, answer.StatusCode);
        Assert.Equal(code, answer.Error.Code);
        Assert.Equal("why", answer.Error.Message);
        Assert.Equal(retryAfterSeconds, answer.RetryAfterSeconds);
    }
}
