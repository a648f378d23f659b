using System.Collections.Concurrent;
using System.Net.Http.Headers;
using LocalAi.Router.Configuration;
using LocalAi.Router.Upstreams;

namespace LocalAi.Router.Tests.Support;

/// <summary>An upstream pool whose health the test sets: marking an upstream serving raises <see cref="BecameServing"/>, as recovery does.</summary>
internal sealed class VoiceTestPool : IUpstreamPool, IDisposable
{
    private readonly ConcurrentDictionary<string, bool> serving = new(StringComparer.Ordinal);

    public VoiceTestPool(params UpstreamOptions[] upstreams)
    {
        All = upstreams;
        foreach (var upstream in upstreams)
        {
            serving[upstream.Name] = true;
        }
    }

    public IReadOnlyList<UpstreamOptions> All { get; }

    public HttpMessageInvoker Http { get; } = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    public event Action<UpstreamOptions>? BecameServing;

    public bool IsServing(UpstreamOptions upstream) => serving[upstream.Name];

    public void SetServing(string name, bool value)
    {
        serving[name] = value;
        if (value)
        {
            BecameServing?.Invoke(All.Single(upstream => upstream.Name == name));
        }
    }

    public HttpRequestMessage CreateRequest(UpstreamOptions upstream, HttpMethod method, string pathAndQuery)
    {
        var request = new HttpRequestMessage(method, new Uri(upstream.Url, pathAndQuery));
        if (upstream.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    public void Dispose() => Http.Dispose();
}
