using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LocalAi.Audio;
using LocalAi.Deploy.Tests.Support;

namespace LocalAi.Deploy.Tests;

/// <summary>
/// The tts-server in a real container of the local image, on a random loopback port, with a forged model mounted
/// read-only: it turns healthy, speaks a WAV, runs as uid 10001 and its HEALTHCHECK agrees.
/// </summary>
[Collection(LocalImageCollection.Name)]
public sealed class TtsServerContainerTests(LocalImage image) : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(2);
    private readonly ForgedModelFolder models = new();
    private readonly string container = $"localai-deploy-test-{Guid.NewGuid():N}";

    [DockerFact]
    public async Task A_container_serves_speech_as_app_and_reports_healthy()
    {
        await DockerCli.RunAsync(
            "run", "--detach", "--name", container,
            "--publish", "127.0.0.1::8006",
            "--volume", $"{models.Root}:/models:ro",
            "--env", "LOCALAI__TTSSERVER__MODELDIRECTORY=/models/model",
            "--env", "LOCALAI__TTSSERVER__DTYPE=fp32",
            "--env", "LOCALAI__TTSSERVER__DEFAULTVOICE=/models/voice.wav",
            // The image's own check, run every second instead of every 30 s so the test need not wait.
            "--health-interval", "1s", "--health-retries", "3",
            image.Tag);
        var address = new Uri("http://" + (await DockerCli.RunAsync("port", container, "8006/tcp")).Split('\n')[0].Trim());
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

        var health = await WaitForHealthAsync(http);
        Assert.Equal("healthy", health.GetProperty("status").GetString());

        using var speech = await http.PostAsJsonAsync(
            "/v1/audio/speech",
            new { model = "chatterbox-turbo", input = "Hello from the container.", voice = "alloy", response_format = "wav" });
        var body = await speech.Content.ReadAsByteArrayAsync();
        Assert.True(speech.StatusCode == HttpStatusCode.OK, $"{(int)speech.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal("audio/wav", speech.Content.Headers.ContentType?.MediaType);
        var clip = WavReader.Read(body);
        Assert.Equal(24000, clip.SampleRate);
        Assert.Equal(1, clip.Channels);
        Assert.NotEmpty(clip.Samples);
        Assert.All(clip.Samples, sample => Assert.True(float.IsFinite(sample)));

        Assert.Equal("10001", await DockerCli.RunAsync("exec", container, "id", "-u"));
        Assert.Equal("healthy", await WaitForDockerHealthAsync());
    }

    public void Dispose()
    {
        // -v takes the container's anonymous volumes (the image's /app/voices and HF cache) with it.
        DockerCli.TryAsync("rm", "--force", "--volumes", container).GetAwaiter().GetResult();
        models.Dispose();
    }

    private async Task<JsonElement> WaitForHealthAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            await AssertRunningAsync();
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return JsonDocument.Parse(text).RootElement.Clone();
                }

                last = $"{(int)response.StatusCode} {text}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"/health was not 200 within {StartDeadline} (last: {last}).\n{await LogsAsync()}");
    }

    private async Task<string> WaitForDockerHealthAsync()
    {
        var deadline = DateTime.UtcNow + StartDeadline;
        var status = "";
        while (DateTime.UtcNow < deadline)
        {
            status = await DockerCli.RunAsync("inspect", "--format", "{{.State.Health.Status}}", container);
            if (status is "healthy" or "unhealthy")
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        return status;
    }

    private async Task AssertRunningAsync()
    {
        if (await DockerCli.RunAsync("inspect", "--format", "{{.State.Running}}", container) != "true")
        {
            Assert.Fail($"The container stopped before it turned healthy.\n{await LogsAsync()}");
        }
    }

    private async Task<string> LogsAsync()
    {
        var logs = await DockerCli.TryAsync("logs", "--tail", "60", container);
        return logs.Output + logs.Error;
    }
}
