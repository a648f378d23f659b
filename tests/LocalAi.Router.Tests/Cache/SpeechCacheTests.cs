using LocalAi.Router.Configuration;
using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Cache;

[Collection(RouterCollection.Name)]
public sealed class SpeechCacheTests(UpstreamWorkspace workspace)
{
    private const int WavHeaderBytes = 44;

    [Fact]
    public async Task A_miss_is_stored_and_the_hit_is_the_same_bytes_without_a_new_generation()
    {
        await using var rig = await StartAsync();
        var generations = await rig.GenerationsAsync();

        using var miss = await rig.SpeakAsync(Body("Cached once.", "wav"));
        using var hit = await rig.SpeakAsync(Body("Cached once.", "wav"));
        using var pcm = await rig.SpeakAsync(Body("Cached once.", "pcm"));

        Assert.Equal("MISS", miss.Header("X-Cache"));
        Assert.Equal("tts", miss.Header("X-Upstream"));
        Assert.Equal("false", miss.Header("X-Fallback"));
        Assert.Equal("HIT", hit.Header("X-Cache"));
        Assert.Equal("cache", hit.Header("X-Upstream"));
        Assert.Equal("audio/wav", hit.ContentType()?.MediaType);
        Assert.Equal(miss.Header("X-Seed"), hit.Header("X-Seed"));
        Assert.Equal(miss.Header("X-Model"), hit.Header("X-Model"));
        var missBytes = await miss.Content.ReadAsByteArrayAsync();
        Assert.True(missBytes.Length > WavHeaderBytes + 1000);
        Assert.Equal(missBytes, await hit.Content.ReadAsByteArrayAsync());
        Assert.Equal("HIT", pcm.Header("X-Cache"));
        Assert.Equal(missBytes[WavHeaderBytes..], await pcm.Content.ReadAsByteArrayAsync());
        Assert.Equal(generations + 1, await rig.GenerationsAsync());
        Assert.Equal(1, rig.Lookups("miss"));
        Assert.Equal(2, rig.Lookups("hit"));
    }

    [Fact]
    public async Task The_upstream_renders_canonical_pcm_and_the_cache_serves_what_the_server_would_have_sent()
    {
        await using var rig = await StartAsync();

        using var miss = await rig.SpeakAsync(Body("As the server says it.", "pcm"));
        using var direct = await rig.Server.Client.PostAsync(new Uri("/v1/audio/speech", UriKind.Relative), new StringContent(Body("As the server says it.", "pcm"), System.Text.Encoding.UTF8, "application/json"));

        var sent = Assert.Single(rig.Dispatcher.Sent);
        Assert.Equal("pcm", (string?)sent["response_format"]);
        Assert.Equal(1, (int?)sent["speed"]);
        Assert.Equal("audio", (string?)sent["stream_format"]);
        Assert.Equal(await direct.Content.ReadAsByteArrayAsync(), await miss.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task One_generation_serves_mp3_then_opus_then_wav()
    {
        await using var rig = await StartAsync();
        var generations = await rig.GenerationsAsync();

        using var mp3 = await rig.SpeakAsync(Body("Every format from one rendering.", "mp3"));
        using var opus = await rig.SpeakAsync(Body("Every format from one rendering.", "opus"));
        using var wav = await rig.SpeakAsync(Body("Every format from one rendering.", "wav"));

        Assert.Equal(["MISS", "HIT", "HIT"], new[] { mp3, opus, wav }.Select(r => r.Header("X-Cache")));
        Assert.Equal("audio/mpeg", mp3.ContentType()?.MediaType);
        Assert.Equal("audio/ogg", opus.ContentType()?.MediaType);
        Assert.True(IsMp3(await mp3.Content.ReadAsByteArrayAsync()));
        Assert.Equal("OggS"u8.ToArray(), (await opus.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal("RIFF"u8.ToArray(), (await wav.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(generations + 1, await rig.GenerationsAsync());
    }

    [Fact]
    public async Task The_first_mp3_encode_is_stored_and_later_mp3_hits_are_its_bytes_without_ffmpeg()
    {
        await using var rig = await StartAsync();

        using var wav = await rig.SpeakAsync(Body("Encoded once.", "wav"));
        using var first = await rig.SpeakAsync(Body("Encoded once.", "mp3"));
        Assert.Equal(1, rig.Cache.HitEncodes);
        using var second = await rig.SpeakAsync(Body("Encoded once.", "mp3"));
        using var third = await rig.SpeakAsync(Body("Encoded once.", "mp3"));

        Assert.Equal(["MISS", "HIT", "HIT", "HIT"], new[] { wav, first, second, third }.Select(r => r.Header("X-Cache")));
        Assert.Equal(1, rig.Cache.HitEncodes);
        var encoded = await first.Content.ReadAsByteArrayAsync();
        Assert.True(IsMp3(encoded));
        Assert.Equal(encoded, await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(encoded, await third.Content.ReadAsByteArrayAsync());
        Assert.Equal("audio/mpeg", second.ContentType()?.MediaType);
        Assert.Equal(true, first.Headers.TransferEncodingChunked);
        Assert.Null(second.Headers.TransferEncodingChunked);
        Assert.Equal(encoded.Length, second.Content.Headers.ContentLength);
        Assert.Equal(wav.Header("X-Seed"), second.Header("X-Seed"));
        Assert.Equal(1, rig.Dispatcher.Sends);
    }

    [Fact]
    public async Task A_miss_keeps_its_own_encode_so_the_next_request_in_that_format_and_speed_needs_no_ffmpeg()
    {
        await using var rig = await StartAsync();

        using var miss = await rig.SpeakAsync(Body("Encoded while streaming.", "opus", speed: 1.5));
        using var hit = await rig.SpeakAsync(Body("Encoded while streaming.", "opus", speed: 1.5));
        using var otherSpeed = await rig.SpeakAsync(Body("Encoded while streaming.", "opus", speed: 2));

        Assert.Equal(["MISS", "HIT", "HIT"], new[] { miss, hit, otherSpeed }.Select(r => r.Header("X-Cache")));
        var missBytes = await miss.Content.ReadAsByteArrayAsync();
        Assert.Equal("OggS"u8.ToArray(), missBytes[..4]);
        Assert.Equal(missBytes, await hit.Content.ReadAsByteArrayAsync());
        Assert.Null(hit.Headers.TransferEncodingChunked);
        Assert.Equal(missBytes.Length, hit.Content.Headers.ContentLength);
        Assert.Equal(1, rig.Cache.HitEncodes);
    }

    [Fact]
    public async Task A_truncated_variant_file_is_not_served_and_is_encoded_again()
    {
        var data = workspace.NewDirectory("cache-data");
        await using var rig = await StartAsync(dataDirectory: data);
        using var wav = await rig.SpeakAsync(Body("Cut variant.", "wav"));
        using var first = await rig.SpeakAsync(Body("Cut variant.", "mp3"));
        var variant = Assert.Single(Directory.EnumerateFiles(data, "*.mp3@1.variant", SearchOption.AllDirectories));
        var bytes = await File.ReadAllBytesAsync(variant);
        await File.WriteAllBytesAsync(variant, bytes[..(bytes.Length / 2)]);

        using var again = await rig.SpeakAsync(Body("Cut variant.", "mp3"));
        using var stored = await rig.SpeakAsync(Body("Cut variant.", "mp3"));

        var encoded = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(encoded, await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(encoded, await stored.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, rig.Cache.HitEncodes);
        Assert.Equal(bytes.Length, new FileInfo(variant).Length);
    }

    [Fact]
    public async Task Pcm_and_wav_hits_carry_their_length()
    {
        await using var rig = await StartAsync();

        using var miss = await rig.SpeakAsync(Body("Known length.", "pcm"));
        using var pcm = await rig.SpeakAsync(Body("Known length.", "pcm"));
        using var wav = await rig.SpeakAsync(Body("Known length.", "wav"));

        // HttpClient reports the length of any buffered body; the wire tells a streamed miss from a known-length hit.
        Assert.Equal(true, miss.Headers.TransferEncodingChunked);
        Assert.Null(pcm.Headers.TransferEncodingChunked);
        Assert.Null(wav.Headers.TransferEncodingChunked);
        var samples = await pcm.Content.ReadAsByteArrayAsync();
        Assert.Equal(samples.Length, pcm.Content.Headers.ContentLength);
        Assert.Equal(WavHeaderBytes + samples.Length, wav.Content.Headers.ContentLength);
        Assert.Equal(samples, (await wav.Content.ReadAsByteArrayAsync())[WavHeaderBytes..]);
        Assert.Equal(0, rig.Cache.HitEncodes);
    }

    [Fact]
    public async Task Speed_is_applied_to_the_stored_rendering()
    {
        await using var rig = await StartAsync();

        using var normal = await rig.SpeakAsync(Body("Twice as fast from the cache.", "wav"));
        using var fast = await rig.SpeakAsync(Body("Twice as fast from the cache.", "wav", speed: 2));

        Assert.Equal("HIT", fast.Header("X-Cache"));
        var ratio = (double)((await fast.Content.ReadAsByteArrayAsync()).Length - WavHeaderBytes) / ((await normal.Content.ReadAsByteArrayAsync()).Length - WavHeaderBytes);
        Assert.InRange(ratio, 0.4, 0.6);
    }

    [Fact]
    public async Task Sse_and_sampling_without_a_seed_bypass_the_cache_but_a_seeded_sample_is_cached()
    {
        await using var rig = await StartAsync();

        using var sse = await rig.SpeakAsync("""{"model":"tts-1","input":"Events.","stream_format":"sse"}""");
        using var sampled = await rig.SpeakAsync("""{"model":"tts-1","input":"Sampled.","temperature":0.8,"response_format":"pcm"}""");
        using var seeded = await rig.SpeakAsync("""{"model":"tts-1","input":"Sampled.","temperature":0.8,"seed":5,"response_format":"pcm"}""");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, sse.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, sampled.StatusCode);
        Assert.Equal("MISS", seeded.Header("X-Cache"));
        Assert.Equal(2, rig.Lookups("bypass"));
        Assert.Equal(1, rig.Dispatcher.Sends);
    }

    [Fact]
    public async Task Sampling_without_a_seed_is_cached_when_configured()
    {
        await using var rig = await StartAsync(new CacheOptions { CacheNonDeterministic = true });

        using var first = await rig.SpeakAsync("""{"model":"tts-1","input":"Any rendering.","temperature":0.8,"response_format":"pcm"}""");
        using var second = await rig.SpeakAsync("""{"model":"tts-1","input":"Any rendering.","temperature":0.8,"response_format":"pcm"}""");

        Assert.Equal("MISS", first.Header("X-Cache"));
        Assert.Equal("HIT", second.Header("X-Cache"));
    }

    [Fact]
    public async Task No_store_neither_reads_nor_writes_and_no_cache_renders_afresh_and_stores()
    {
        await using var rig = await StartAsync();

        using var noStore = await rig.SpeakAsync(Body("Opted out.", "pcm"), "no-store");
        using var first = await rig.SpeakAsync(Body("Opted out.", "pcm"));
        using var noCache = await rig.SpeakAsync(Body("Opted out.", "pcm"), "max-age=0, No-Cache");
        using var after = await rig.SpeakAsync(Body("Opted out.", "pcm"));

        Assert.Equal(System.Net.HttpStatusCode.NoContent, noStore.StatusCode);
        Assert.Equal("MISS", first.Header("X-Cache"));
        Assert.Equal("MISS", noCache.Header("X-Cache"));
        Assert.Equal("HIT", after.Header("X-Cache"));
        Assert.Equal(2, rig.Dispatcher.Sends);
    }

    [Fact]
    public async Task A_changed_voice_hash_misses()
    {
        var voices = new CacheTestVoices();
        await using var rig = await CacheRig.StartAsync(await workspace.StartTtsServerAsync("cache"), workspace.NewDirectory("cache-data"), voices: _ => voices);
        voices.SetHash("nova", await rig.UploadVoiceAsync(workspace, "Nova", seed: 7));

        using var first = await rig.SpeakAsync(Body("Same words, new voice.", "pcm", voice: "nova"));
        using var again = await rig.SpeakAsync(Body("Same words, new voice.", "pcm", voice: "nova"));
        await rig.DeleteVoiceAsync("Nova");
        voices.SetHash("nova", await rig.UploadVoiceAsync(workspace, "Nova", seed: 11));
        using var reuploaded = await rig.SpeakAsync(Body("Same words, new voice.", "pcm", voice: "nova"));

        Assert.Equal(["MISS", "HIT", "MISS"], new[] { first, again, reuploaded }.Select(r => r.Header("X-Cache")));
    }

    [Fact]
    public async Task A_changed_model_version_misses_afterwards_and_is_remembered_across_restarts()
    {
        var data = workspace.NewDirectory("cache-data");
        await using (var rig = await StartAsync(dataDirectory: data))
        {
            rig.Dispatcher.ModelVersion = "chatterbox-turbo@main/q4";
            using var first = await rig.SpeakAsync(Body("Old model.", "pcm"));
            using var hit = await rig.SpeakAsync(Body("Old model.", "pcm"));
            rig.Dispatcher.ModelVersion = "chatterbox-turbo@next/q4";
            using var other = await rig.SpeakAsync(Body("Something else.", "pcm"));
            using var stale = await rig.SpeakAsync(Body("Old model.", "pcm"));
            using var fresh = await rig.SpeakAsync(Body("Old model.", "pcm"));

            Assert.Equal(["MISS", "HIT", "MISS", "MISS", "HIT"], new[] { first, hit, other, stale, fresh }.Select(r => r.Header("X-Cache")));
        }

        await using var restarted = await StartAsync(dataDirectory: data);
        using var afterRestart = await restarted.SpeakAsync(Body("Old model.", "pcm"));
        Assert.Equal("HIT", afterRestart.Header("X-Cache"));
    }

    [Fact]
    public async Task Fifty_identical_concurrent_requests_make_one_generation()
    {
        await using var rig = await StartAsync();
        var generations = await rig.GenerationsAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => rig.SpeakAsync(Body("All at once.", "wav"))));

        Assert.All(responses, r => Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, rig.Dispatcher.Sends);
        Assert.Equal(generations + 1, await rig.GenerationsAsync());
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsByteArrayAsync()));
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        Assert.Single(responses, r => r.Header("X-Cache") == "MISS");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_broken_upstream_body_is_not_stored_and_the_client_sees_it_broken()
    {
        await using var rig = await StartAsync();
        rig.Dispatcher.BreakAfterBytes = 1000;

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => rig.SpeakAsync(Body("Cut short.", "pcm")));
        rig.Dispatcher.BreakAfterBytes = null;
        using var whole = await rig.SpeakAsync(Body("Cut short.", "pcm"));

        Assert.Equal("MISS", whole.Header("X-Cache"));
        Assert.Equal(2, rig.Dispatcher.Sends);
    }

    [Fact]
    public async Task An_upstream_refusal_is_passed_on_and_not_stored()
    {
        await using var rig = await StartAsync();

        using var refused = await rig.SpeakAsync("""{"model":"no-such-model","input":"Hello.","response_format":"pcm"}""");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("model_not_found", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(refused.Header("X-Cache"));
    }

    private async Task<CacheRig> StartAsync(CacheOptions? options = null, string? dataDirectory = null) =>
        await CacheRig.StartAsync(await workspace.StartTtsServerAsync("cache"), dataDirectory ?? workspace.NewDirectory("cache-data"), options);

    private static string Body(string input, string format, double speed = 1, string voice = "alloy") =>
        new System.Text.Json.Nodes.JsonObject { ["model"] = "tts-1", ["input"] = input, ["voice"] = voice, ["response_format"] = format, ["speed"] = speed }.ToJsonString();

    private static bool IsMp3(byte[] bytes) => bytes.Length > 3 && (bytes.AsSpan(0, 3).SequenceEqual("ID3"u8) || (bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0));
}
