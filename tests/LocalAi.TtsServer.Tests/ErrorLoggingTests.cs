using System.Collections.Concurrent;
using System.Net;
using LocalAi.Hosting.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalAi.TtsServer.Tests;

public sealed class ErrorLoggingTests
{
    [Fact]
    public async Task A_chosen_503_is_a_one_line_warning_and_a_crash_is_an_error_with_its_stack()
    {
        var logs = new CapturingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs);
        await using var app = builder.Build();
        app.UseOpenAiErrors();
        app.MapGet("/busy", () => { throw OpenAiErrors.ServiceUnavailable("Gaming mode is on.", 30); });
        app.MapGet("/crash", () => { throw new InvalidOperationException("boom"); });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var busy = await client.GetAsync(new Uri("/busy", UriKind.Relative));
        using var crash = await client.GetAsync(new Uri("/crash", UriKind.Relative));
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, crash.StatusCode);
        var mine = logs.Entries.Where(entry => entry.Category == typeof(OpenAiErrorMiddleware).FullName).ToList();
        Assert.Contains(mine, entry => entry.Level == LogLevel.Warning && entry.Exception is null && entry.Message.Contains("Gaming mode is on.", StringComparison.Ordinal));
        Assert.Contains(mine, entry => entry.Level == LogLevel.Error && entry.Exception is InvalidOperationException);
        Assert.DoesNotContain(mine, entry => entry.Level == LogLevel.Error && entry.Exception is OpenAiException);
    }

    private sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
        }
    }
}
