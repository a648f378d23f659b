using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Tests.Support;

/// <summary>Keeps each line logged at <paramref name="minimum"/> or above as "Level: message (exception message)".</summary>
public sealed class CapturingLogger(LogLevel minimum = LogLevel.Trace) : ILogger
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.Message})")}");
        }
    }
}
