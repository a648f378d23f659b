using System.Diagnostics;
using LocalAi.Hosting.Bodies;
using LocalAi.Hosting.Errors;
using LocalAi.Router.Cache;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Metrics;
using LocalAi.Router.Queue;
using LocalAi.Router.Speech;
using LocalAi.Router.Voices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Routing;

/// <summary>
/// <c>POST /v1/audio/speech</c>: parse → a model no upstream serves is a 404 here → the cache's lookup, answered by <see cref="CachedSpeechWriter"/> unless it is
/// bypassed → the dispatcher, streamed through → when no upstream can take it (for the cache's miss too),
/// the queue if the client sent <c>Prefer: respond-async</c> and queueing is on, else 503 with <c>Retry-After</c>.
/// </summary>
internal sealed class SpeechEndpoint(RouterParts parts, ISpeechCache cache, ISpeechJobQueue queue, IVoiceDirectory voices)
{
    // A busy upstream frees up within a generation or two; a down one needs probes and the dwell to come back.
    private const int BusyRetryAfterSeconds = 2;

    private readonly CachedSpeechWriter cached = new(parts.Metrics, parts.Time, parts.Loggers.CreateLogger<CachedSpeechWriter>());

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost("/v1/audio/speech", HandleAsync);

    private async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        BoundedBody.RequireJson(context.Request);

        var request = SpeechRequest.Parse(await BoundedBody.ReadBytesAsync(context.Request, parts.Options.MaxRequestBodyBytes).ConfigureAwait(false));
        await ModelEndpoints.RequireServedAsync(parts.Dispatcher, request.Model, context.RequestAborted).ConfigureAwait(false);
        var webhook = JobEndpoints.WebhookOf(request);
        parts.Metrics.VoiceRequests.WithLabels(VoiceLabel.Of(request.Voice, voices)).Inc();
        var aborted = context.RequestAborted;
        UpstreamReply reply;
        try
        {
            var lookup = await cache.LookupAsync(request, CacheDirectives.Of(context.Request.Headers.CacheControl), aborted).ConfigureAwait(false);
            if (lookup is not CacheBypass)
            {
                await cached.WriteAsync(context, lookup, aborted).ConfigureAwait(false);
                return;
            }

            reply = await parts.Dispatcher.SendAsync(request.Body, aborted).ConfigureAwait(false);
        }
        catch (NoUpstreamAvailableException e)
        {
            if (parts.Options.Queue.Enabled && WantsAsync(context.Request))
            {
                await queue.AcceptAsync(context, request, webhook, aborted).ConfigureAwait(false);
                return;
            }

            throw OpenAiErrors.ServiceUnavailable(e.Message, e.AllBusy ? BusyRetryAfterSeconds : DownRetryAfterSeconds(), "no_upstream_available");
        }

        using (reply)
        {
            var name = reply.Upstream.Name;
            ResponseRelay.CopyHead(reply.Response, context.Response, header => header.StartsWith("X-", StringComparison.OrdinalIgnoreCase)
                || header.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                || header.Equals("Cache-Control", StringComparison.OrdinalIgnoreCase)
                || header.Equals("Retry-After", StringComparison.OrdinalIgnoreCase), name, reply.IsFallback);
            if (reply.IsFallback)
            {
                parts.Metrics.Fallbacks.WithLabels(name).Inc();
            }

            var outcome = await ResponseRelay.CopyBodyAsync(reply.Response, context,
                () => parts.Metrics.TimeToFirstAudio.WithLabels(name).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds)).ConfigureAwait(false);
            if (outcome == ResponseRelay.Outcome.Completed && reply.Response.IsSuccessStatusCode)
            {
                parts.Metrics.GenerationTime.WithLabels(name).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
    }

    private static bool WantsAsync(HttpRequest request) =>
        request.Headers["Prefer"].Any(value => value is not null && value.Split(',').Any(p => p.Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase)));

    private int DownRetryAfterSeconds() =>
        (int)Math.Ceiling(Math.Max(10, parts.Options.Health.ProbeInterval.TotalSeconds * parts.Options.Health.RecoveryProbes));
}
