using System.Net.Http.Headers;
using System.Text.Json;
using LocalAi.Testing;
using Microsoft.AspNetCore.Builder;

namespace LocalAi.WebUi.Tests.Support;

/// <summary>A tts-server on a random loopback port and an API client for it (with the key, if any).</summary>
public sealed class RunningTts : IAsyncDisposable
{
    private readonly WebApplication app;

    internal RunningTts(WebApplication app, string? key)
    {
        this.app = app;
        Address = app.Urls.Single();
        Client = new HttpClient { BaseAddress = new Uri(Address), Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    public string Address { get; }

    public HttpClient Client { get; }

    public async Task WaitUntilHealthyAsync()
    {
        // The deadline also cuts a request that hangs.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Poll.UntilAsync(async () =>
        {
            using var health = await Client.GetAsync(new Uri("/health", UriKind.Relative), deadline.Token);
            return health.IsSuccessStatusCode && (await health.Content.ReadAsStringAsync(deadline.Token)).Contains("\"healthy\"", StringComparison.Ordinal);
        }, "/health to say healthy", TimeSpan.FromMinutes(1));
    }

    /// <summary>Uploads a voice through the API (for tests whose subject is another action).</summary>
    public async Task<string> UploadAsync(string name, string clip)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(clip)), "audio_sample", Path.GetFileName(clip) },
        };
        using var response = await Client.PostAsync(new Uri("/v1/audio/voices", UriKind.Relative), form);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The names in the library, as the API lists them.</summary>
    public async Task<IReadOnlyList<string>> VoiceNamesAsync()
    {
        using var body = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/v1/audio/voices", UriKind.Relative)));
        return [.. body.RootElement.GetProperty("voices").EnumerateArray().Select(voice => voice.GetProperty("name").GetString()!)];
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
