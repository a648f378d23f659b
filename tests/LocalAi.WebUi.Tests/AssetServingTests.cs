using System.Net;
using System.Net.Http.Headers;
using LocalAi.WebUi.Tests.Support;

namespace LocalAi.WebUi.Tests;

/// <summary>The embedded files over HTTP: pages, content types, validators, no listing, open without a key.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AssetServingTests(TtsWorkspace workspace)
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/ui/tts/app.js", "text/javascript")]
    [InlineData("/ui/shared/app.css", "text/css")]
    [InlineData("/ui/shared/favicon.svg", "image/svg+xml")]
    public async Task Files_are_served_with_their_type_and_a_validator_even_when_keys_are_required(string path, string mediaType)
    {
        await using var server = await workspace.StartAsync(["asset-test-key"]);
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.Address) };

        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.NotNull(response.Headers.ETag);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        again.Headers.IfNoneMatch.Add(response.Headers.ETag);
        using var revalidated = await anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());

        // The API itself still needs the key.
        using var api = await anonymous.GetAsync(new Uri("/v1/audio/voices", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Theory]
    [InlineData("/ui/")]
    [InlineData("/ui/tts/")]
    [InlineData("/ui/manager/app.js")]
    [InlineData("/ui/tts/missing.js")]
    [InlineData("/ui/../tts/index.html")]
    public async Task Folders_other_apps_and_unknown_files_are_404s(string path)
    {
        await using var server = await workspace.StartAsync();

        using var response = await server.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_page_carries_a_content_security_policy_and_never_a_key()
    {
        await using var server = await workspace.StartAsync(["csp-test-key-1"]);
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.Address) };

        using var page = await anonymous.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("csp-test-key-1", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(new MediaTypeHeaderValue("text/html") { CharSet = "utf-8" }, page.Content.Headers.ContentType);
    }
}
