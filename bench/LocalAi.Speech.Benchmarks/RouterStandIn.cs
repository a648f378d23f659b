using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// A second process of this benchmark (<c>router-stand-in --port N [--static DIR]</c>), started twice by the
/// <c>router</c> mode: as the router's upstream, a cheap speech server that answers PCM at once, and as the baseline
/// that serves the router's cache hits as static files with Kestrel's <c>UseStaticFiles</c>. Both are the same minimal
/// Kestrel app, so neither side of a comparison carries more hosting than the other.
/// </summary>
internal static class RouterStandIn
{
    public const string Name = "router-stand-in";

    /// <summary>The <c>input</c> that asks for the long clip; any other input gets the short one.</summary>
    public const string ClipInput = "clip";

    public const int SampleRate = 24_000;
    public const double ClipSeconds = 5.0;
    public const double ShortSeconds = 0.2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var at = args.ToList().IndexOf("--port");
        var port = at >= 0 && at + 1 < args.Count ? args[at + 1] : throw new ArgumentException("router-stand-in needs --port N.", nameof(args));
        var staticAt = args.ToList().IndexOf("--static");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        if (staticAt >= 0 && staticAt + 1 < args.Count)
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.GetFullPath(args[staticAt + 1])) });
        }

        var clip = Tone(ClipSeconds);
        var phrase = Tone(ShortSeconds);
        app.MapGet("/health", () => Results.Json(new { status = "healthy" }));
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = "chatterbox-turbo", @object = "model", owned_by = "bench" } } }));
        app.MapGet("/v1/audio/voices", () => Results.Json(new { voices = Array.Empty<object>() }));
        app.MapPost("/v1/audio/speech", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            var input = body.RootElement.GetProperty("input").GetString();
            var pcm = input == ClipInput ? clip : phrase;
            context.Response.ContentType = "audio/pcm";
            context.Response.Headers["X-Model"] = "chatterbox-turbo";
            context.Response.Headers["X-Model-Version"] = "stand-in-1";
            // As a tts-server answers an OpenAI voice name: the router's cache stores only answers that prove their voice.
            context.Response.Headers["X-Voice"] = "default";
            context.Response.ContentLength = pcm.Length;
            await context.Response.Body.WriteAsync(pcm, context.RequestAborted).ConfigureAwait(false);
        });

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"router stand-in on port {port}"));
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>s16le mono at 24 kHz: a gliding tone with a little noise, so an MP3 encoder has real work to do.</summary>
    private static byte[] Tone(double seconds)
    {
        var samples = (int)(seconds * SampleRate);
        var bytes = new byte[samples * 2];
        var random = new Random(7);
        var phase = 0.0;
        for (var i = 0; i < samples; i++)
        {
            var frequency = 180 + (120 * i / (double)samples);
            phase += 2 * Math.PI * frequency / SampleRate;
            var value = (0.3 * Math.Sin(phase)) + (0.02 * ((random.NextDouble() * 2) - 1));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), (short)(value * short.MaxValue));
        }

        return bytes;
    }
}
