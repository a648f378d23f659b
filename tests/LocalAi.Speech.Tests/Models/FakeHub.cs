using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalAi.Speech.Tests.Models;

/// <summary>
/// A Kestrel server on 127.0.0.1 that answers like the Hugging Face hub: LFS files get a 302 to a "CDN" route on
/// another host name (localhost) with X-Linked-Size/X-Linked-Etag/X-Repo-Commit, small files a 200 with a sha1 ETag.
/// Range requests, faults on demand, and a log of every request with the body bytes it sent.
/// </summary>
internal sealed class FakeHub : IAsyncDisposable
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, HubEntry> files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<HubRequest> requests = new();
    private readonly ConcurrentDictionary<string, int> dropAfter = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> failOnce = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> corrupt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> ignoreRange = new(StringComparer.Ordinal);

    private FakeHub(WebApplication app) => this.app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>When set, the hub routes answer 401 unless this bearer token is sent.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>When set, small files answer a relative 307 to a cache route on the hub, as the live hub does.</summary>
    public bool RedirectSmallFiles { get; set; }

    public IReadOnlyList<HubRequest> Requests => [.. requests];

    public static async Task<FakeHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var hub = new FakeHub(app);
        app.MapMethods("/{owner}/{name}/resolve/{revision}/{**path}", ["GET", "HEAD"], hub.ResolveAsync);
        app.MapGet("/cdn/{sha}", hub.CdnAsync);
        app.MapMethods("/api/resolve-cache/{owner}/{name}/{commit}/{**path}", ["GET", "HEAD"], hub.ResolveCacheAsync);
        await app.StartAsync();
        hub.Endpoint = new Uri(app.Urls.Single());
        return hub;
    }

    /// <summary>Adds a file stored in LFS (answered with a redirect to the CDN).</summary>
    public byte[] AddLfs(string repo, string path, byte[] content)
    {
        files[$"{repo}/{path}"] = new HubEntry(content, Lfs: true);
        return content;
    }

    /// <summary>Adds a small git file (answered directly with a sha1 ETag).</summary>
    public byte[] AddSmall(string repo, string path, byte[] content)
    {
        files[$"{repo}/{path}"] = new HubEntry(content, Lfs: false);
        return content;
    }

    public byte[] Content(string repo, string path) => files[$"{repo}/{path}"].Content;

    /// <summary>The next download of the file sends this many bytes, then drops the connection.</summary>
    public void DropConnectionOnce(string repo, string path, int afterBytes) => dropAfter[Sha(repo, path)] = afterBytes;

    /// <summary>The next download of the file answers this status.</summary>
    public void FailOnce(string repo, string path, int status) => failOnce[Sha(repo, path)] = status;

    /// <summary>The next download of the file answers 200 with the whole body even when asked for a range.</summary>
    public void IgnoreRangeOnce(string repo, string path) => ignoreRange[Sha(repo, path)] = true;

    /// <summary>Downloads of the file send a body that does not match its announced sha256.</summary>
    public void Corrupt(string repo, string path) => corrupt[Sha(repo, path)] = true;

    public IReadOnlyList<HubRequest> BodyRequestsFor(string path) =>
        Requests.Where(r => r.Method == "GET" && r.File == path && r.Status is 200 or 206 or 416).ToList();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private string Sha(string repo, string path) => files[$"{repo}/{path}"].Sha256;

    private async Task ResolveAsync(HttpContext context, string owner, string name, string revision, string path)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (RequiredToken is not null && authorization != $"Bearer {RequiredToken}")
        {
            Log(context, path, 401, 0);
            context.Response.StatusCode = 401;
            return;
        }

        if (!files.TryGetValue($"{owner}/{name}/{path}", out var entry))
        {
            Log(context, path, 404, 0);
            context.Response.Headers["X-Error-Code"] = "EntryNotFound";
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.Headers["X-Repo-Commit"] = Commit;
        if (entry.Lfs)
        {
            Log(context, path, 302, 0);
            context.Response.Headers["X-Linked-Size"] = entry.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["X-Linked-Etag"] = $"\"{entry.Sha256}\"";
            context.Response.Headers.ETag = $"\"{entry.Sha256}\"";
            context.Response.Headers.Location = $"http://localhost:{Endpoint.Port}/cdn/{entry.Sha256}?path={Uri.EscapeDataString(path)}";
            context.Response.StatusCode = 302;
            return;
        }

        if (RedirectSmallFiles)
        {
            Log(context, path, 307, 0);
            context.Response.Headers.Location = $"/api/resolve-cache/{owner}/{name}/{Commit}/{path}";
            context.Response.StatusCode = 307;
            return;
        }

        context.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(SHA1.HashData(entry.Content))}\"";
        await ServeAsync(context, path, entry.Content);
    }

    private async Task ResolveCacheAsync(HttpContext context, string owner, string name, string commit, string path)
    {
        if (RequiredToken is not null && context.Request.Headers.Authorization.ToString() != $"Bearer {RequiredToken}")
        {
            Log(context, path, 401, 0);
            context.Response.StatusCode = 401;
            return;
        }

        var content = files[$"{owner}/{name}/{path}"].Content;
        context.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(SHA1.HashData(content))}\"";
        await ServeAsync(context, path, content);
    }

    private async Task CdnAsync(HttpContext context, string sha)
    {
        var path = context.Request.Query["path"].ToString();
        var entry = files.Values.First(f => f.Sha256 == sha);
        if (failOnce.TryRemove(sha, out var status))
        {
            Log(context, path, status, 0);
            context.Response.StatusCode = status;
            return;
        }

        var content = entry.Content;
        if (corrupt.ContainsKey(sha))
        {
            content = [.. content];
            content[content.Length / 2] ^= 0xFF;
        }

        await ServeAsync(context, path, content, dropAfter.TryRemove(sha, out var drop) ? drop : null, honourRange: !ignoreRange.TryRemove(sha, out _));
    }

    private async Task ServeAsync(HttpContext context, string path, byte[] content, int? dropAfterBytes = null, bool honourRange = true)
    {
        var response = context.Response;
        var body = content.AsMemory();
        response.StatusCode = 200;
        if (honourRange && context.Request.Headers.Range.ToString() is { Length: > 0 } range)
        {
            var from = long.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
            if (from >= content.Length)
            {
                Log(context, path, 416, 0);
                response.StatusCode = 416;
                response.Headers.ContentRange = $"bytes */{content.Length}";
                return;
            }

            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {from}-{content.Length - 1}/{content.Length}";
            body = body[(int)from..];
        }

        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            Log(context, path, response.StatusCode, 0);
            return;
        }

        if (dropAfterBytes is { } drop)
        {
            await response.Body.WriteAsync(body[..drop]);
            await response.Body.FlushAsync();
            Log(context, path, response.StatusCode, drop);
            context.Abort();
            return;
        }

        // Logged before the body goes out: a client that has read every byte may look at the log at once.
        Log(context, path, response.StatusCode, body.Length);
        await response.Body.WriteAsync(body);
    }

    private void Log(HttpContext context, string path, int status, long bytesSent)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        requests.Enqueue(new HubRequest(
            request.Method, request.Host.Host, request.Path + request.QueryString, path, status,
            request.Headers.Range.ToString() is { Length: > 0 } r ? r : null,
            authorization.Length > 0 ? authorization : null,
            bytesSent));
    }

    private sealed record HubEntry(byte[] Content, bool Lfs)
    {
        public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Content));
    }
}

/// <summary>One request the fake hub answered.</summary>
internal sealed record HubRequest(string Method, string Host, string Url, string File, int Status, string? Range, string? Authorization, long BytesSent);
