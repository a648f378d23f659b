using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LocalAi.Hosting.Sse;

/// <summary>
/// Streams a service's state as <c>text/event-stream</c>: the whole state as one event at connect, then again after
/// every <see cref="ChangeSignal"/> (merged to at most one per <see cref="StateStreamOptions.CoalesceInterval"/>, and
/// only when the rendered state differs from the last one sent), with a keep-alive comment when the line is quiet.
/// The stream ends when the client leaves or the application starts stopping, so it never holds up a shutdown.
/// </summary>
public static class ServerSentEvents
{
    /// <summary>The media type of an event stream.</summary>
    public const string ContentType = "text/event-stream";

    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    /// <summary>Writes the stream until the client leaves or the application stops.</summary>
    /// <param name="context">The request; its response becomes the stream.</param>
    /// <param name="changes">Signals that the state may have changed.</param>
    /// <param name="render">Renders the current state as one line of JSON.</param>
    /// <param name="options">The pacing.</param>
    public static async Task StreamStateAsync(HttpContext context, ChangeSignal changes, Func<CancellationToken, Task<string>> render, StateStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(render);
        ArgumentNullException.ThrowIfNull(options);
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = ending.Token;
        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var time = options.Time;
        string? sent = null;
        var lastEvent = time.GetTimestamp();
        try
        {
            while (true)
            {
                // Read before rendering: a change during the render then wakes the wait below at once.
                var seen = changes.Version;
                var state = await render(token).ConfigureAwait(false);
                if (!string.Equals(state, sent, StringComparison.Ordinal))
                {
                    await WriteAsync(response, Event(options.EventName, state), token).ConfigureAwait(false);
                    sent = state;
                    lastEvent = time.GetTimestamp();
                }

                var lastWrite = time.GetTimestamp();
                while (await NextAsync(changes, seen, lastWrite, options, token).ConfigureAwait(false) == Wake.KeepAlive)
                {
                    await WriteAsync(response, KeepAlive, token).ConfigureAwait(false);
                    lastWrite = time.GetTimestamp();
                }

                // A loop, not one delay: timers run on a coarse clock (on Linux the kernel tick, up to 4 ms) and may
                // wake a little before the interval has passed by the precise one.
                TimeSpan pause;
                while ((pause = options.CoalesceInterval - time.GetElapsedTime(lastEvent)) > TimeSpan.Zero)
                {
                    await Task.Delay(pause, time, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client left or the server is stopping: the stream simply ends.
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left in the middle of a write.
        }
    }

    private static async Task<Wake> NextAsync(ChangeSignal changes, long seen, long lastWrite, StateStreamOptions options, CancellationToken token)
    {
        using var round = CancellationTokenSource.CreateLinkedTokenSource(token);
        var changed = changes.WaitAsync(seen, round.Token);
        var quiet = options.KeepAliveInterval - options.Time.GetElapsedTime(lastWrite);
        var keepAlive = Task.Delay(quiet > TimeSpan.Zero ? quiet : TimeSpan.Zero, options.Time, round.Token);
        var refresh = options.RefreshWhile?.Invoke() == true
            ? Task.Delay(options.RefreshInterval, options.Time, round.Token)
            : Task.Delay(Timeout.InfiniteTimeSpan, options.Time, round.Token);
        var first = await Task.WhenAny(changed, keepAlive, refresh).ConfigureAwait(false);
        token.ThrowIfCancellationRequested();
        var wake = first == keepAlive && !changed.IsCompleted ? Wake.KeepAlive : Wake.Render;
        await round.CancelAsync().ConfigureAwait(false);
        return wake;
    }

    private static byte[] Event(string name, string data)
    {
        var text = new StringBuilder("event: ").Append(name).Append('\n');
        foreach (var line in data.Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.Append('\n').ToString());
    }

    private static async Task WriteAsync(HttpResponse response, byte[] bytes, CancellationToken token)
    {
        await response.Body.WriteAsync(bytes, token).ConfigureAwait(false);
        await response.Body.FlushAsync(token).ConfigureAwait(false);
    }

    private enum Wake
    {
        Render,
        KeepAlive,
    }
}
