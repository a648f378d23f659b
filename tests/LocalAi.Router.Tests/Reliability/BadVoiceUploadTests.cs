using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Router.Tests.Reliability;

/// <summary>A voice upload the router cannot read as a form is the client's fault: the tts-server's 400, never a 500.</summary>
[Trait("Category", "Reliability")]
public sealed class BadVoiceUploadTests
{
    [Fact]
    public async Task A_multipart_upload_cut_off_before_its_closing_boundary_is_a_400_invalid_multipart()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address)));
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(
            "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nA\r\n--x\r\nContent-Disposition: form-data; name=\"audio_sample\"; filename=\"a.wav\"\r\n\r\nRIFF"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        using var response = await router.Client.PostAsync(new Uri("/v1/audio/voices", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_multipart", (await ErrorEnvelope.ReadAsync(response)).Code());
    }
}
