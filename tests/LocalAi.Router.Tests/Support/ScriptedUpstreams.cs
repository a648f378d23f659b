using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Models;
using LocalAi.Router.Upstreams;

namespace LocalAi.Router.Tests.Support;

/// <summary>
/// The one stand-in for the router's upstream pool and dispatcher, for feature tests that must decide what the real
/// <see cref="UpstreamPool"/> and <see cref="SpeechDispatcher"/> decide themselves: when an upstream serves (switching
/// one on raises <see cref="BecameServing"/> at once, as a passing probe would), what each dispatch carried, and what
/// comes back (a rewritten <c>X-Model-Version</c>, a body cut short, a send that hangs). Speech goes, without
/// failover, to the first serving upstream: real tts-servers where the test has them.
/// </summary>
public sealed class ScriptedUpstreams : IUpstreamPool, ISpeechDispatcher, IDisposable
{
    private readonly ConcurrentDictionary<string, bool> serving = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<JsonObject> sent = new();

    /// <summary>A pool of <paramref name="upstreams"/>, in order of preference, each serving or not as <paramref name="serving"/> says.</summary>
    public ScriptedUpstreams(bool serving, params UpstreamOptions[] upstreams)
    {
        All = upstreams;
        foreach (var upstream in upstreams)
        {
            this.serving[upstream.Name] = serving;
        }
    }

    /// <inheritdoc/>
    public event Action<UpstreamOptions>? BecameServing;

    /// <inheritdoc/>
    public IReadOnlyList<UpstreamOptions> All { get; }

    /// <inheritdoc/>
    public IReadOnlyList<UpstreamOptions> Groups => All;

    /// <inheritdoc/>
    public IReadOnlyList<UpstreamOptions> InOrderOfPreference() => All;

    /// <inheritdoc/>
    public bool IsPreferred(UpstreamOptions upstream) => upstream == All[0];

    /// <inheritdoc/>
    public IDisposable BeginRequest(UpstreamOptions upstream) => NotCounted.Instance;

    /// <inheritdoc/>
    public HttpMessageInvoker Http { get; } = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    /// <summary>Runs before each send, after it is recorded (null: none); a test makes a send hang or fail here.</summary>
    public Func<JsonObject, CancellationToken, Task>? BeforeSend { get; set; }

    /// <summary>The <c>X-Model-Version</c> every reply carries (null: whatever the upstream sends).</summary>
    public string? ModelVersion { get; set; }

    /// <summary>Cut every successful reply's body after this many bytes with an I/O error, like a dropped connection (null: whole bodies).</summary>
    public int? BreakAfterBytes { get; set; }

    /// <summary>The bodies dispatched, in order.</summary>
    public IReadOnlyList<JsonObject> Sent => [.. sent];

    /// <summary>The <c>input</c> of each body dispatched, in order.</summary>
    public IReadOnlyList<string> Inputs => [.. sent.Select(body => body["input"]!.GetValue<string>())];

    /// <summary>How many bodies were dispatched.</summary>
    public int Sends => sent.Count;

    /// <summary>One upstream named <paramref name="name"/> at <paramref name="address"/>.</summary>
    public static ScriptedUpstreams One(Uri address, string name, bool serving) =>
        new(serving, new UpstreamOptions { Name = name, Url = address });

    /// <inheritdoc/>
    public bool IsServing(UpstreamOptions upstream) => serving[upstream.Name];

    /// <inheritdoc/>
    public string WhyNotServing(UpstreamOptions upstream) => "not serving";

    /// <summary>Scripted health does not change with failures: the test decides when an upstream serves.</summary>
    public void RecordFailure(UpstreamOptions upstream, string reason)
    {
    }

    /// <summary>Scripted health does not change with failures.</summary>
    public void RecordUnreachable(UpstreamOptions upstream, string reason)
    {
    }

    /// <summary>Scripted upstreams are configured ones: no group is discovered.</summary>
    public Task<IReadOnlyList<UpstreamOptions>> RediscoverAsync(string group, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UpstreamOptions>>([]);

    /// <summary>Marks an upstream (the first when <paramref name="name"/> is null) serving and raises <see cref="BecameServing"/>.</summary>
    public void StartServing(string? name = null)
    {
        var upstream = Named(name);
        serving[upstream.Name] = true;
        BecameServing?.Invoke(upstream);
    }

    /// <summary>Marks an upstream (the first when <paramref name="name"/> is null) not serving.</summary>
    public void StopServing(string? name = null) => serving[Named(name).Name] = false;

    /// <inheritdoc/>
    public HttpRequestMessage CreateRequest(UpstreamOptions upstream, HttpMethod method, string pathAndQuery)
    {
        var request = new HttpRequestMessage(method, new Uri(upstream.Url, pathAndQuery));
        if (upstream.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    /// <summary>Scripted upstreams take every model, as upstreams without a model list do.</summary>
    public Task<IReadOnlyList<ServedModel>?> ServedInsteadAsync(string model, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ServedModel>?>(null);

    /// <inheritdoc/>
    public async Task<UpstreamReply> SendAsync(JsonObject body, CancellationToken cancellationToken, string path = "/v1/audio/speech")
    {
        var upstream = All.FirstOrDefault(IsServing)
            ?? throw new NoUpstreamAvailableException([.. All.Select(u => $"{u.Name}: not serving")], allBusy: false);
        sent.Enqueue(body);
        if (BeforeSend is { } beforeSend)
        {
            await beforeSend(body, cancellationToken);
        }

        using var request = CreateRequest(upstream, HttpMethod.Post, path);
        request.Content = new StringContent(body.ToJsonString());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await Http.SendAsync(request, cancellationToken);
        if (ModelVersion is { } version)
        {
            response.Headers.Remove("X-Model-Version");
            response.Headers.TryAddWithoutValidation("X-Model-Version", version);
        }

        if (BreakAfterBytes is { } limit && response.IsSuccessStatusCode)
        {
            var contentType = response.Content.Headers.ContentType;
            response.Content = new StreamContent(new BreakingStream(await response.Content.ReadAsStreamAsync(cancellationToken), limit));
            response.Content.Headers.ContentType = contentType;
        }

        return new UpstreamReply(upstream, upstream != All[0], response);
    }

    public void Dispose() => Http.Dispose();

    private UpstreamOptions Named(string? name) => name is null ? All[0] : All.Single(upstream => upstream.Name == name);

    private sealed class BreakingStream(Stream inner, int limit) : Stream
    {
        private int passed;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => passed; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (passed >= limit)
            {
                throw new IOException("The upstream connection was reset.");
            }

            var read = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, limit - passed)], cancellationToken);
            passed += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class NotCounted : IDisposable
    {
        public static readonly NotCounted Instance = new();

        public void Dispose()
        {
        }
    }
}
