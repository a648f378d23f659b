using System.Net;
using System.Text;
using LocalAi.Router.Cache;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Metrics;
using LocalAi.Router.Speech;
using LocalAi.Router.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalAi.Router.Tests.Cache;

/// <summary>
/// Single-flight at its edges, driven step by step (no upstream is called): a request is held inside the store while
/// the lead it would have joined stores its rendering and ends.
/// </summary>
[Collection(RouterCollection.Name)]
public sealed class SpeechCacheFlightTests(UpstreamWorkspace workspace)
{
    private static readonly CacheDirectives Any = new(MayRead: true, MayWrite: true);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A request that looked the rendering up just before the lead it would have joined stored it and ended is served
    /// that rendering. With a version reported, this is the first rendering of a model: looked up as "unknown", stored
    /// under the upstream's version, which the late request must read again to find it.
    /// </summary>
    [Theory]
    [InlineData("chatterbox-turbo@main/q4")]
    [InlineData(null)]
    public async Task A_request_that_missed_just_before_the_lead_stored_and_ended_is_served_its_rendering(string? reportedVersion)
    {
        await using var flight = await FlightAsync();
        await using var lead = Assert.IsType<CacheMiss>(await flight.Cache.LookupAsync(Request(), Any, CancellationToken.None));
        var hold = flight.Store.HoldNextEntryRead();
        var late = flight.Cache.LookupAsync(Request(), Any, CancellationToken.None);
        await hold.Reached.WaitAsync(Deadline);

        // The late request read the version ("unknown") and is held in its store read while the lead stores and ends.
        using var reply = Reply(reportedVersion);
        await lead.CompleteAsync(reply, Samples, encoded: null, CancellationToken.None);
        await lead.DisposeAsync();
        hold.Release();

        var hit = Assert.IsType<CacheHit>(await late.WaitAsync(Deadline));
        Assert.Equal(Samples.ToArray(), hit.Speech.Audio.ToArray());
        Assert.Equal(reportedVersion ?? SpeechCache.UnknownVersion, hit.Speech.ModelVersion);
        Assert.Equal(1, flight.Lookups("miss"));
        Assert.Equal(1, flight.Lookups("hit"));
    }

    private static ReadOnlyMemory<byte> Samples { get; } = Enumerable.Range(0, 4800).Select(i => (byte)i).ToArray();

    private static SpeechRequest Request() => SpeechRequest.Parse(Encoding.UTF8.GetBytes(
        """{"model":"tts-1","input":"Fifty callers, one rendering.","voice":"alloy","response_format":"pcm"}"""));

    private static UpstreamReply Reply(string? modelVersion)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        response.Headers.Add("X-Model", "chatterbox-turbo");
        if (modelVersion is not null)
        {
            response.Headers.Add("X-Model-Version", modelVersion);
        }

        response.Headers.Add("X-Voice", "default");
        response.Headers.Add("X-Seed", "0");
        return new UpstreamReply(new UpstreamOptions { Name = "tts", Url = new Uri("http://127.0.0.1:9/") }, IsFallback: false, response);
    }

    private async Task<Flight> FlightAsync()
    {
        var upstreams = ScriptedUpstreams.One(new Uri("http://127.0.0.1:9/"), "tts", serving: true);
        var directory = workspace.NewDirectory("cache-flight");
        var options = new RouterOptions { DataDirectory = directory, Upstreams = upstreams.All, Cache = new CacheOptions() };
        var metrics = new RouterMetrics(Prometheus.Metrics.NewCustomRegistry());
        var parts = new RouterParts(options, upstreams, upstreams, metrics, TimeProvider.System, NullLoggerFactory.Instance);
        var disk = new DiskSpeechCacheStore(directory, options.Cache.MaxBytes, metrics, TimeProvider.System);
        await disk.LoadAsync();
        var store = new HeldReadStore(disk);
        var cache = new SpeechCache(parts, new CacheTestVoices(), () => Task.FromResult<ISpeechCacheStore>(store));
        await cache.StartAsync(CancellationToken.None);
        return new Flight(cache, store, metrics, upstreams);
    }

    private sealed class Flight(SpeechCache cache, HeldReadStore store, RouterMetrics metrics, ScriptedUpstreams upstreams) : IAsyncDisposable
    {
        public SpeechCache Cache { get; } = cache;

        public HeldReadStore Store { get; } = store;

        public double Lookups(string result) => metrics.CacheLookups.WithLabels(result).Value;

        public async ValueTask DisposeAsync()
        {
            await Cache.DisposeAsync();
            upstreams.Dispose();
        }
    }
}
