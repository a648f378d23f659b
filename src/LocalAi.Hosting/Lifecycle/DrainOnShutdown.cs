using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalAi.Hosting.Lifecycle;

/// <summary>
/// Drains before the web server stops: the host calls <see cref="StoppingAsync"/> ahead of stopping Kestrel, so while
/// the work in flight finishes (for up to the grace period) the server still answers: new work gets 503, readiness
/// says draining, liveness stays 200. Then the host stops as before and cuts whatever is left.
/// </summary>
internal sealed partial class DrainOnShutdown(GracefulDrain drain, TimeSpan grace, TimeProvider time, ILogger<DrainOnShutdown> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var idle = drain.BeginAsync();
        if (!idle.IsCompleted)
        {
            LogDraining(drain.InFlight, grace.TotalSeconds);
        }

        try
        {
            await idle.WaitAsync(grace, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            LogGraceEnded(drain.InFlight);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining: {InFlight} request(s) in flight, waiting up to {GraceSeconds} s for them; new ones get 503")]
    private partial void LogDraining(int inFlight, double graceSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The drain's grace period ended with {InFlight} request(s) still in flight; stopping anyway")]
    private partial void LogGraceEnded(int inFlight);
}
