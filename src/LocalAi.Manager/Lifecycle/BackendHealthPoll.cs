using LocalAi.Manager.Backends;
using LocalAi.Manager.Configuration;

namespace LocalAi.Manager.Lifecycle;

/// <summary>
/// Waits for a started backend to answer its health endpoint: a short first delay, then a steady interval, up to the
/// model's start timeout, giving up at once when the backend exits. Holds no state of the lifecycle it serves.
/// </summary>
/// <param name="model">The model's configuration (health endpoint, start timeout).</param>
/// <param name="backend">The backend being started.</param>
/// <param name="health">The client for health checks (no proxy, no redirects).</param>
/// <param name="timing">The poll's first delay and interval.</param>
/// <param name="time">The clock.</param>
internal sealed class BackendHealthPoll(ModelOptions model, IBackend backend, HttpClient health, LifecycleTiming timing, TimeProvider time)
{
    /// <summary>Returns once the backend is healthy.</summary>
    /// <param name="exited">Completes when the backend exits.</param>
    /// <param name="startedAt">The timestamp the start timeout counts from.</param>
    /// <param name="disposing">Cancelled when the lifecycle is disposed.</param>
    /// <exception cref="ModelUnavailableException">It did not become healthy in time, or exited.</exception>
    public async Task WaitHealthyAsync(Task exited, long startedAt, CancellationToken disposing)
    {
        var delay = timing.FirstDelay;
        while (true)
        {
            var remaining = model.StartTimeout - time.GetElapsedTime(startedAt);
            if (remaining <= TimeSpan.Zero)
            {
                throw new ModelUnavailableException(
                    ModelFailure.StartTimedOut,
                    $"The backend of model '{model.Id}' did not become healthy within {model.StartTimeout.TotalSeconds:0.#} s (startTimeoutSeconds); it was stopped. See the manager log for its last lines.");
            }

            var pause = Task.Delay(delay < remaining ? delay : remaining, time, disposing);
            if (await Task.WhenAny(pause, exited).ConfigureAwait(false) == exited || exited.IsCompleted)
            {
                throw ExitedWhileStarting();
            }

            await pause.ConfigureAwait(false);
            if (await IsHealthyAsync(disposing).ConfigureAwait(false))
            {
                // An answer only counts while the backend started for it runs: once it exited, whatever answered is not it.
                if (exited.IsCompleted || !await backend.IsRunningAsync(disposing).ConfigureAwait(false))
                {
                    throw ExitedWhileStarting();
                }

                return;
            }

            delay = timing.Interval;
        }
    }

    private ModelUnavailableException ExitedWhileStarting() =>
        new(ModelFailure.StartFailed, $"The backend of model '{model.Id}' exited while starting. See the manager log for its last lines.");

    private async Task<bool> IsHealthyAsync(CancellationToken disposing)
    {
        if (model.HealthEndpoint is null)
        {
            return true;
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(disposing);
        attempt.CancelAfter(timing.Interval + TimeSpan.FromSeconds(1));
        try
        {
            using var response = await health.GetAsync(new Uri(backend.Upstream, model.HealthEndpoint), HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !disposing.IsCancellationRequested)
        {
            return false;
        }
    }
}
