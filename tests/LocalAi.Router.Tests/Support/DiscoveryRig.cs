using System.Text.Json.Nodes;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Metrics;
using LocalAi.Router.Models;
using LocalAi.Router.Upstreams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalAi.Router.Tests.Support;

/// <summary>
/// What the DNS-discovery tests build on: replicas as real fake upstreams on loopback addresses, a pool over the
/// configured upstreams with DNS answered by a <see cref="FakeResolver"/>, and the speech dispatcher over it, all on
/// one test clock. No probes run: the requests alone move health.
/// </summary>
internal sealed class DiscoveryRig : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> servers = [];

    public QueueTestClock Clock { get; } = new(DateTimeOffset.Parse("2026-12-05T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The group <c>tts</c>, discovered as <c>tasks.tts</c> on <paramref name="port"/>.</summary>
    public static UpstreamOptions Discovered(int port) =>
        new() { Name = "tts", Url = new Uri($"http://tasks.tts:{port}"), DiscoverByDns = true, ResponseTimeout = TimeSpan.FromSeconds(30) };

    public static JsonObject Speech() => new() { ["model"] = "tts-1", ["input"] = "Hello.", ["voice"] = "alloy" };

    public static RouterMetrics Metrics() => new(Prometheus.Metrics.NewCustomRegistry());

    /// <summary>A replica on <paramref name="address"/> at <paramref name="port"/> (0: a free one) whose every path answers <paramref name="body"/>, or <paramref name="answer"/> with nothing.</summary>
    public async Task<(CoreFakeUpstream Server, int Port)> ReplicaAsync(string address, int port, string body = "", int answer = StatusCodes.Status200OK)
    {
        var server = await CoreFakeUpstream.StartAsync(
            context =>
            {
                context.Response.StatusCode = answer;
                return context.Response.WriteAsync(body);
            },
            $"http://{address}:{port}");
        servers.Add(server);
        return (server, server.Address.Port);
    }

    public UpstreamPool Pool(IUpstreamResolver resolver, params UpstreamOptions[] upstreams) =>
        new(CoreRouterHost.Options() with { Upstreams = upstreams }, Metrics(), Clock, NullLogger<UpstreamPool>.Instance, resolver);

    public SpeechDispatcher Dispatcher(UpstreamPool pool) =>
        new(pool, new UpstreamModelCatalog(pool, TimeSpan.FromSeconds(10), Clock, NullLogger<UpstreamModelCatalog>.Instance), Metrics(), Clock);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
    }
}
