using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>Malformed voice-library requests are the client's fault: a 400 in the OpenAI envelope saying what is wrong, never a 500.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class BadVoiceRequestTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task Multipart_without_a_boundary_is_400()
    {
        await using var server = await workspace.StartLazyAsync("bad-voice");
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nA\r\n--x--\r\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");

        using var response = await server.Client.PostAsync(new Uri("/v1/audio/voices", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_multipart", (await ErrorEnvelope.ReadAsync(response)).Code());
    }

    [Fact]
    public async Task Multipart_without_its_closing_boundary_is_400()
    {
        await using var server = await workspace.StartLazyAsync("bad-voice");
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nA\r\n--x\r\nContent-Disposition: form-data; name=\"audio_sample\"; filename=\"a.wav\"\r\n\r\nRIFF"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        using var response = await server.Client.PostAsync(new Uri("/v1/audio/voices", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_multipart", (await ErrorEnvelope.ReadAsync(response)).Code());
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("tru")]
    public async Task A_consent_that_is_neither_yes_nor_no_is_400_naming_consent(string consent)
    {
        await using var server = await workspace.StartLazyAsync("bad-voice");
        using var form = new MultipartFormDataContent { { new StringContent("Unsure"), "name" }, { new StringContent(consent), "consent" } };
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(workspace.DefaultVoice)), "audio_sample", "voice.wav");

        using var response = await server.Client.PostAsync(new Uri("/v1/audio/voices", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("consent", error.Param());
        Assert.Contains(consent, error.Message(), StringComparison.Ordinal);
    }
}
