using System.Net;
using LocalAi.Router.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LocalAi.Router.Tests.Reliability;

/// <summary>The relay passes on an upstream's response trailers (the tts-server's timings) where the client's protocol carries them.</summary>
[Trait("Category", "Reliability")]
public sealed class TrailerRelayTests
{
    [Fact]
    public async Task Trailers_the_upstream_sent_follow_the_body_to_the_client()
    {
        using var upstream = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("hello") };
        upstream.TrailingHeaders.Add("X-Audio-Duration", "1.500");
        var client = new DefaultHttpContext();
        var trailers = new TrailersFeature();
        client.Features.Set<IHttpResponseTrailersFeature>(trailers);
        client.Response.Body = new MemoryStream();

        var outcome = await ResponseRelay.CopyBodyAsync(upstream, client);

        Assert.Equal(ResponseRelay.Outcome.Completed, outcome);
        Assert.Equal("1.500", trailers.Trailers["X-Audio-Duration"].ToString());
    }

    // What Kestrel gives an HTTP/2 response: a place for trailers.
    private sealed class TrailersFeature : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }
}
