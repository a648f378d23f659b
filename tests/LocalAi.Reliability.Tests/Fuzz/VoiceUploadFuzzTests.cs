using System.Net;
using System.Text.Json;
using CsCheck;
using LocalAi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace LocalAi.Reliability.Tests.Fuzz;

/// <summary>
/// <c>POST /v1/audio/voices</c> on a real tts-server with damaged multipart uploads: a created voice (201, deleted
/// again), or a 4xx in the OpenAI error envelope; never a 5xx or a hang.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class VoiceUploadFuzzTests(ReliabilityWorkspace workspace, ITestOutputHelper output)
{
    private static readonly Uri Voices = new("/v1/audio/voices", UriKind.Relative);

    [Fact]
    public async Task Damaged_uploads_create_a_voice_or_get_a_4xx_envelope()
    {
        var server = await workspace.FuzzTargetAsync();
        var audio = Gen.Frequency((3, WavGen.WithRealRate), (1, Gen.Const(workspace.UploadClip)), (1, Gen.Byte.Array[0, 512]));
        await MultipartGen.Uploads(audio, brokenFraming: false).SampleAsync(
            upload => UploadAsync(server.Client, upload), writeLine: output.WriteLine, time: ReliabilityBudget.FuzzSeconds, threads: 1);
    }

    [Fact]
    public async Task Uploads_without_a_boundary_or_a_closing_boundary_get_a_4xx_envelope()
    {
        var server = await workspace.FuzzTargetAsync();
        await MultipartGen.Uploads(WavGen.WithRealRate, brokenFraming: true).SampleAsync(
            upload => UploadAsync(server.Client, upload), writeLine: output.WriteLine, time: ReliabilityBudget.FuzzSeconds, threads: 1);
    }

    // Found by the fuzzer (the shortest form CsCheck shrank to, and its sibling without a boundary parameter).
    [Theory]
    [InlineData("multipart/form-data; boundary=fuzz-boundary", "--fuzz-boundary\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n\r\n")]
    [InlineData("multipart/form-data", "--fuzz-boundary\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nvoice\r\n--fuzz-boundary--\r\n")]
    public async Task Kept_broken_framing_cases_get_a_4xx_envelope(string contentType, string body)
    {
        var server = await workspace.FuzzTargetAsync();
        await UploadAsync(server.Client, new RawUpload(contentType, System.Text.Encoding.UTF8.GetBytes(body)));
    }

    private static async Task UploadAsync(HttpClient client, RawUpload upload)
    {
        using var hang = new CancellationTokenSource(EndpointAnswer.HangLimit);
        using var content = new ByteArrayContent(upload.Body);
        if (upload.ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", upload.ContentType);
        }

        using var response = await client.PostAsync(Voices, content, hang.Token);
        await EndpointAnswer.AssertDocumentedAsync(response, HttpStatusCode.Created, upload.ToString());
        if (response.StatusCode == HttpStatusCode.Created)
        {
            // Keep the library small: each created voice goes again.
            using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(hang.Token));
            using var deleted = await client.DeleteAsync(new Uri($"/v1/audio/voices/{created.RootElement.GetProperty("id").GetString()}", UriKind.Relative), hang.Token);
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }
    }
}
