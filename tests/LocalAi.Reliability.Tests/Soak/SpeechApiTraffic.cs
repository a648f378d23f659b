using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LocalAi.Audio;
using LocalAi.Testing;

namespace LocalAi.Reliability.Tests.Soak;

/// <summary>
/// The soak's mix against the OpenAI-compatible speech API (a tts-server, or a router in front of tts-servers):
/// speech in every format, streamed, cut off by the client and read slowly; the voice library listed, uploaded to
/// and deleted from, and an upload cut off mid-body; health; and bodies that must be refused with a 4xx envelope.
/// </summary>
internal static class SpeechApiTraffic
{
    private static readonly Uri Speech = new("/v1/audio/speech", UriKind.Relative);
    private static readonly Uri Voices = new("/v1/audio/voices", UriKind.Relative);
    private static readonly string[] Sentences = ["Hello there.", "A short test of the speech server.", "Numbers like 42 and 7.", "Quiet, please!"];
    private static readonly string[] EncodedFormats = ["mp3", "opus", "aac", "flac"];

    private static readonly string[] BadBodies =
    [
        "{", "[]", "null", "\"text\"", "{}", """{"model":"tts-1"}""", """{"model":"tts-1","input":""}""",
        """{"model":"tts-1","input":"hi","speed":99}""", """{"model":"tts-1","input":"hi","response_format":"midi"}""",
        """{"model":"no-such-model","input":"hi"}""", """{"model":"tts-1","input":"hi","voice":42}""",
        """{"model":"tts-1","input":"hi","stream_format":"smoke"}""", """{"model":"tts-1","input":"hi","top_p":-1}""",
        """{"model":"tts-1","input":"hi","max_new_tokens":0}""", """{"model":"tts-1","input":"hi","voice":"no-such-voice"}""",
    ];

    /// <summary>The mix; <paramref name="uploadClip"/> is a WAV long enough to be accepted as a voice.</summary>
    public static IReadOnlyList<SoakAction> Mix(byte[] uploadClip) =>
    [
        new("speech-wav-pcm", 12, (client, random, ct) => SpeakAsync(client, random, random.Next(2) == 0 ? "wav" : "pcm", ct)),
        new("speech-encoded", 3, (client, random, ct) => SpeakAsync(client, random, EncodedFormats[random.Next(EncodedFormats.Length)], ct)),
        new("speech-sse", 3, StreamEventsAsync),
        new("speech-abort", 5, AbortMidResponseAsync),
        new("speech-slow-reader", 2, ReadSlowlyAsync),
        new("voices-list", 5, ListVoicesAsync),
        new("voice-upload-delete", 1, (client, random, ct) => UploadAndDeleteAsync(client, random, uploadClip, ct)),
        new("voice-upload-abort", 1, (client, random, ct) => AbortUploadAsync(client, random, uploadClip, ct)),
        new("health", 5, HealthAsync),
        new("bad-body", 6, BadBodyAsync),
    ];

    /// <summary>A short speech request; a few tokens keep it cheap on the tiny model.</summary>
    public static HttpRequestMessage SpeechRequest(Random random, string format, string? streamFormat = null) => new(HttpMethod.Post, Speech)
    {
        Content = JsonContent.Create(new
        {
            model = "tts-1",
            input = Sentences[random.Next(Sentences.Length)],
            response_format = format,
            stream_format = streamFormat,
            max_new_tokens = random.Next(2, 9),
            seed = random.Next(1000),
        }),
    };

    /// <summary>Asserts that the server still speaks correctly: a 200 with a WAV that decodes to some audio.</summary>
    public static async Task AssertSpeaksAsync(HttpClient client)
    {
        using var response = await client.SendAsync(SpeechRequest(new Random(1), "wav"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var clip = WavReader.Read(await response.Content.ReadAsByteArrayAsync());
        Assert.True(clip.Samples.Length > 0, "the speech after the soak has no samples");
    }

    private static async Task SpeakAsync(HttpClient client, Random random, string format, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(SpeechRequest(random, format), cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        var audio = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        Assert.True(audio.Length > 0, $"empty {format} body");
        if (format == "wav")
        {
            WavReader.Read(audio);
        }
    }

    private static async Task StreamEventsAsync(HttpClient client, Random random, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(SpeechRequest(random, "pcm", "sse"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.Contains("speech.audio.done", text, StringComparison.Ordinal);
    }

    /// <summary>Gives up at a random moment: before the headers, after them, or after the first bytes.</summary>
    private static async Task AbortMidResponseAsync(HttpClient client, Random random, CancellationToken cancellationToken)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        abort.CancelAfter(TimeSpan.FromMilliseconds(random.Next(1, 80)));
        try
        {
            using var response = await client.SendAsync(SpeechRequest(random, random.Next(3) == 0 ? "mp3" : "wav"), HttpCompletionOption.ResponseHeadersRead, abort.Token);
            await using var body = await response.Content.ReadAsStreamAsync(abort.Token);
            _ = await body.ReadAsync(new byte[random.Next(1, 2048)], abort.Token);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The abort this action is for.
        }
    }

    private static async Task ReadSlowlyAsync(HttpClient client, Random random, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(SpeechRequest(random, "wav"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var chunk = new byte[1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            // The slowness under test: a client that reads its answer in small pieces, pausing between them.
            await Task.Delay(random.Next(1, 6), cancellationToken);
        }

        Assert.True(total > 44, "the slowly read WAV has no audio");
    }

    private static async Task ListVoicesAsync(HttpClient client, Random random, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(Voices, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("voices").ValueKind);
    }

    private static async Task UploadAndDeleteAsync(HttpClient client, Random random, byte[] clip, CancellationToken cancellationToken)
    {
        using var form = UploadForm($"soak-{random.Next():x8}", new ByteArrayContent(clip));
        using var created = await client.PostAsync(Voices, form, cancellationToken);
        await ExpectAsync(created, HttpStatusCode.Created, cancellationToken);
        using var document = JsonDocument.Parse(await created.Content.ReadAsStringAsync(cancellationToken));
        var id = document.RootElement.GetProperty("id").GetString();
        using var deleted = await client.DeleteAsync(new Uri($"/v1/audio/voices/{id}", UriKind.Relative), cancellationToken);
        await ExpectAsync(deleted, HttpStatusCode.OK, cancellationToken);
    }

    /// <summary>An upload whose body breaks off part-way, as when the client is killed mid-upload.</summary>
    private static async Task AbortUploadAsync(HttpClient client, Random random, byte[] clip, CancellationToken cancellationToken)
    {
        using var form = UploadForm($"cut-{random.Next():x8}", new BrokenContent(clip, random.Next(1, clip.Length)));
        try
        {
            using var response = await client.PostAsync(Voices, form, cancellationToken);
            Assert.Fail($"a broken upload body got an answer: {(int)response.StatusCode}");
        }
        catch (HttpRequestException e) when (e.ToString().Contains(BrokenContent.Reason, StringComparison.Ordinal))
        {
            // The client gave up mid-body, as this action means it to.
        }
    }

    private static async Task HealthAsync(HttpClient client, Random random, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
    }

    private static async Task BadBodyAsync(HttpClient client, Random random, CancellationToken cancellationToken)
    {
        var body = BadBodies[random.Next(BadBodies.Length)];
        var mediaType = random.Next(8) == 0 ? "text/plain" : "application/json";
        using var request = new HttpRequestMessage(HttpMethod.Post, Speech) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        using var response = await client.SendAsync(request, cancellationToken);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{body} as {mediaType}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        await ErrorEnvelope.ReadAsync(response);
    }

    private static MultipartFormDataContent UploadForm(string name, HttpContent audio)
    {
        audio.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        return new MultipartFormDataContent { { new StringContent(name), "name" }, { new StringContent("true"), "consent" }, { audio, "audio_sample", "voice.wav" } };
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode}, expected {(int)expected}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>Request content that sends the first <c>cut</c> bytes of a body and then fails.</summary>
    private sealed class BrokenContent(byte[] bytes, int cut) : HttpContent
    {
        public const string Reason = "upload cut off on purpose";

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, cut));
            await stream.FlushAsync();
            throw new IOException(Reason);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
