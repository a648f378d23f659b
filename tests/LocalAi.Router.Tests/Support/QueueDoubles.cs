using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Upstreams;

namespace LocalAi.Router.Tests.Support;

/// <summary>One upstream whose serving state the test switches; switching it on raises <see cref="BecameServing"/>.</summary>
public sealed class QueueTestPool(Uri address) : IUpstreamPool
{
    private readonly UpstreamOptions upstream = new() { Name = "test", Url = address };

    public event Action<UpstreamOptions>? BecameServing;

    public bool Serving { get; private set; }

    public IReadOnlyList<UpstreamOptions> All => [upstream];

    public HttpMessageInvoker Http { get; } = new(new SocketsHttpHandler());

    public bool IsServing(UpstreamOptions upstream) => Serving;

    public HttpRequestMessage CreateRequest(UpstreamOptions upstream, HttpMethod method, string pathAndQuery) =>
        new(method, new Uri(upstream.Url, pathAndQuery));

    public void StartServing()
    {
        Serving = true;
        BecameServing?.Invoke(upstream);
    }

    public void StopServing() => Serving = false;
}

/// <summary>Sends speech to the pool's one upstream (a real tts-server) while it serves, recording each request's input in order.</summary>
public sealed class QueueTestDispatcher(QueueTestPool pool, Func<JsonObject, CancellationToken, Task>? beforeSend = null) : ISpeechDispatcher
{
    private readonly ConcurrentQueue<string> inputs = new();

    /// <summary>The inputs sent to the upstream, in order.</summary>
    public IReadOnlyList<string> Inputs => [.. inputs];

    public async Task<UpstreamReply> SendAsync(JsonObject body, CancellationToken cancellationToken, string path = "/v1/audio/speech")
    {
        if (!pool.Serving)
        {
            throw new NoUpstreamAvailableException(["test: down"], allBusy: false);
        }

        if (beforeSend is not null)
        {
            await beforeSend(body, cancellationToken);
        }

        inputs.Enqueue(body["input"]!.GetValue<string>());
        var upstream = pool.All[0];
        using var request = pool.CreateRequest(upstream, HttpMethod.Post, path);
        request.Content = new StringContent(body.ToJsonString());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await pool.Http.SendAsync(request, cancellationToken);
        return new UpstreamReply(upstream, false, response);
    }
}

/// <summary>A clock the test sets; timers still run in real time.</summary>
public sealed class QueueTestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
