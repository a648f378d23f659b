using System.Diagnostics;
using System.Text.Json;
using LocalAi.Hosting.Sse;
using LocalAi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LocalAi.TtsServer.Tests.Status;

/// <summary>The shared state stream on its own Kestrel: coalescing, duplicates, keep-alives.</summary>
public sealed class ServerSentEventsTests
{
    private readonly ChangeSignal changes = new();
    private int counter;
    private volatile bool stamped = true;

    [Fact]
    public async Task Events_are_at_least_the_coalescing_interval_apart_and_a_burst_is_one_event()
    {
        await using var host = await StreamHost.StartAsync(changes, Render);
        await using var events = await EventStream.OpenAsync(host.Client, "/events");
        var initial = await Next(events);
        Change();
        var first = await Next(events);
        Change();
        var second = await Next(events);
        for (var i = 0; i < 20; i++)
        {
            Change();
        }

        var seen = 0;
        JsonElement last;
        do
        {
            last = await Next(events);
            seen++;
        }
        while (last.GetProperty("n").GetInt32() < 22);

        Assert.Equal(1, first.GetProperty("n").GetInt32());
        Assert.Equal(2, second.GetProperty("n").GetInt32());
        Assert.True(Apart(initial, first) >= TimeSpan.FromMilliseconds(250), $"{Apart(initial, first).TotalMilliseconds} ms");
        Assert.True(Apart(first, second) >= TimeSpan.FromMilliseconds(250), $"{Apart(first, second).TotalMilliseconds} ms");
        Assert.True(seen <= 2, $"the burst of 20 changes became {seen} events");
    }

    [Fact]
    public async Task A_signal_that_changes_nothing_sends_nothing_and_a_quiet_stream_gets_keep_alives()
    {
        stamped = false;
        await using var host = await StreamHost.StartAsync(changes, Render);
        await using var events = await EventStream.OpenAsync(host.Client, "/events");
        Assert.Equal(0, (await Next(events)).GetProperty("n").GetInt32());

        changes.Notify();
        changes.Notify();
        Assert.Equal(": keep-alive", await events.CommentAsync());
        Change();

        Assert.Equal(1, (await Next(events)).GetProperty("n").GetInt32());
    }

    private static async Task<JsonElement> Next(EventStream events)
    {
        var next = await events.NextAsync();
        Assert.NotNull(next);
        Assert.Equal("status", next.Value.Name);
        return next.Value.Data;
    }

    private static TimeSpan Apart(JsonElement earlier, JsonElement later) =>
        Stopwatch.GetElapsedTime(earlier.GetProperty("at").GetInt64(), later.GetProperty("at").GetInt64());

    private void Change()
    {
        Interlocked.Increment(ref counter);
        changes.Notify();
    }

    // Stamped with the render time, so the test measures the server's pacing rather than the client's reading.
    private string Render() => stamped
        ? $"{{\"n\":{Volatile.Read(ref counter)},\"at\":{Stopwatch.GetTimestamp()}}}"
        : $"{{\"n\":{Volatile.Read(ref counter)}}}";

    private sealed class StreamHost(WebApplication app) : IAsyncDisposable
    {
        public HttpClient Client { get; } = new() { BaseAddress = new Uri(app.Urls.Single()) };

        public static async Task<StreamHost> StartAsync(ChangeSignal changes, Func<string> render)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var options = new StateStreamOptions { KeepAliveInterval = TimeSpan.FromMilliseconds(200) };
            app.MapGet("/events", (RequestDelegate)(context => Stream(context, changes, render, options)));
            await app.StartAsync();
            return new StreamHost(app);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }

        private static Task Stream(HttpContext context, ChangeSignal changes, Func<string> render, StateStreamOptions options) =>
            ServerSentEvents.StreamStateAsync(context, changes, _ => Task.FromResult(render()), options);
    }
}
