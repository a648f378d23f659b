using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Upstreams;
using LocalAi.Router.Voices;

namespace LocalAi.Router.Tests.Support;

/// <summary>
/// Stands in for the core dispatcher: sends each speech request to one real tts-server, and can add an
/// <c>X-Model-Version</c> header or cut the body short, as an upstream might.
/// </summary>
public sealed class CacheTestDispatcher(InProcessTtsServer server) : ISpeechDispatcher
{
    private int sends;

    public UpstreamOptions Upstream { get; } = new() { Name = "tts", Url = server.Address };

    /// <summary>The <c>X-Model-Version</c> every reply carries (null: whatever the server sends).</summary>
    public string? ModelVersion { get; set; }

    /// <summary>Cut every reply's body after this many bytes with an I/O error, like a dropped connection (null: whole bodies).</summary>
    public int? BreakAfterBytes { get; set; }

    /// <summary>The bodies sent, in order.</summary>
    public List<JsonObject> Sent { get; } = [];

    public int Sends => Volatile.Read(ref sends);

    public async Task<UpstreamReply> SendAsync(JsonObject body, CancellationToken cancellationToken, string path = "/v1/audio/speech")
    {
        Interlocked.Increment(ref sends);
        lock (Sent)
        {
            Sent.Add(body);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
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

        return new UpstreamReply(Upstream, false, response);
    }

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
}

/// <summary>A pool of the one test upstream, always serving.</summary>
public sealed class CacheTestPool(UpstreamOptions upstream) : IUpstreamPool
{
    public IReadOnlyList<UpstreamOptions> All { get; } = [upstream];

    public HttpMessageInvoker Http { get; } = new(new SocketsHttpHandler { UseProxy = false });

    public event Action<UpstreamOptions>? BecameServing
    {
        add { }
        remove { }
    }

    public bool IsServing(UpstreamOptions upstream) => true;

    public HttpRequestMessage CreateRequest(UpstreamOptions upstream, HttpMethod method, string pathAndQuery) =>
        new(method, new Uri(upstream.Url, pathAndQuery));
}

/// <summary>A voice directory whose content hashes a test sets (voices it does not name are no library voices).</summary>
public sealed class CacheTestVoices : IVoiceDirectory
{
    private readonly Dictionary<string, string> hashes = new(StringComparer.OrdinalIgnoreCase);

    public void SetHash(string voice, string hash)
    {
        lock (hashes)
        {
            hashes[voice] = hash;
        }
    }

    public ValueTask<string?> ContentHashAsync(string voice, CancellationToken cancellationToken)
    {
        lock (hashes)
        {
            return ValueTask.FromResult(hashes.GetValueOrDefault(voice));
        }
    }
}

/// <summary>Reads a response's header, or null.</summary>
public static class CacheTestHeaders
{
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First()
        : response.Content.Headers.TryGetValues(name, out var content) ? content.First() : null;

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;
}
