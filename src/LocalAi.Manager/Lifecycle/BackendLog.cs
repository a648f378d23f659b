using LocalAi.Manager.Backends;
using Microsoft.Extensions.Logging;

namespace LocalAi.Manager.Lifecycle;

/// <summary>Writes a lifecycle event to the manager log with the backend's last output lines under it.</summary>
internal sealed class BackendLog(string modelId, IBackend backend, ILogger logger)
{
    private const int LinesInErrors = 20;

    public async Task WithRecentLinesAsync(LogLevel level, string message)
    {
        IReadOnlyList<string> lines;
        try
        {
            lines = await backend.RecentLogLinesAsync(LinesInErrors, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BackendException)
        {
            lines = [];
        }

        LifecycleLog.WithLines(logger, level, message, lines.Count == 0 ? "" : Environment.NewLine,
            lines.Count == 0 ? $"(the backend of {modelId} wrote nothing)" : string.Join(Environment.NewLine, lines.Select(line => $"  | {line}")));
    }
}
