using System.Diagnostics;
using System.Text.Json;
using LocalAi.Hosting.Bodies;
using LocalAi.Hosting.Errors;
using LocalAi.Hosting.Json;
using LocalAi.Hosting.Lifecycle;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Streaming;
using LocalAi.TtsServer.Catalog;
using LocalAi.TtsServer.Configuration;
using LocalAi.TtsServer.Engine;
using LocalAi.TtsServer.Metrics;
using LocalAi.TtsServer.Status;
using LocalAi.TtsServer.Voices;

namespace LocalAi.TtsServer.Speech;

/// <summary>
/// <c>POST /v1/audio/speech</c>: read and check the body, find the model and voice, take a generation slot (429 when
/// the queue is full), wait for the model if it is still loading, then stream. The status board hears when the
/// request queues, runs and ends.
/// </summary>
internal sealed class SpeechEndpoint(
    TtsServerOptions options, ServedModel served, ModelHost host, GenerationGate gate, VoiceResolver voices, TtsMetrics metrics, TtsStatusBoard status)
{
    private static readonly JsonSerializerOptions Json = ServiceJson.Web;

    /// <summary>The <c>Retry-After</c> seconds of the server's busy and draining answers.</summary>
    public int RetryAfterSeconds => options.RetryAfterSeconds;

    public async Task HandleAsync(HttpContext context)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var request = await BoundedBody.ReadJsonAsync<SpeechRequest>(context.Request, Json, options.MaxRequestBodyBytes).ConfigureAwait(false);
        var speech = SpeechRequestValidator.Validate(request, options.MaxInputCharacters, served);
        var voice = voices.Resolve(speech.Voice);

        using var tracked = status.Begin(speech, voice.Name, startedAt, context.RequestAborted);
        // The gate counts the request before its first await, so the status can show it queued while it waits.
        var entering = gate.TryEnterAsync(context.RequestAborted);
        status.Changed();
        using var slot = await entering.ConfigureAwait(false);
        if (slot is null)
        {
            tracked.Refused();
            metrics.Rejected.WithLabels("queue_full").Inc();
            throw OpenAiErrors.TooManyRequests(
                $"The server is busy: {gate.MaxRunning} generation(s) running and {options.MaxQueueLength} waiting. Retry shortly.",
                options.RetryAfterSeconds);
        }

        status.Changed();

        var synthesizer = await ReadyAsync(context.RequestAborted).ConfigureAwait(false);
        SpeechLanguageRules.CheckLoaded(speech.Generation, served);
        SpeechConditioning conditioning;
        try
        {
            conditioning = await voices.ConditionAsync(synthesizer, voice, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw OpenAiErrors.ServerError($"The voice '{voice.Name}' could not be prepared: {e.Message}", e);
        }

        metrics.VoiceRequests.WithLabels(voice.Name).Inc();
        var inSentence = new InSentenceStreaming { ChunkTokens = options.StreamChunkTokens };
        await new SpeechStreamer(synthesizer, metrics, served.Names.Id, status.ModelVersion, options.MaxChunkCharacters, inSentence, TimeSpan.FromSeconds(options.ResponseStallSeconds))
            .StreamAsync(context, speech, voice, conditioning, startedAt, tracked).ConfigureAwait(false);
    }

    // A request that arrives during a cold start waits for the load rather than failing.
    private async Task<SpeechSynthesizer> ReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await host.EnsureLoadedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw OpenAiErrors.ServiceUnavailable($"The model failed to load: {e.GetBaseException().Message}", code: "model_load_failed");
        }
    }
}

/// <summary>Maps <see cref="SpeechEndpoint"/>.</summary>
internal static class SpeechEndpointExtensions
{
    /// <summary>Maps the route; while <paramref name="drain"/> drains, new requests get 503 and those in flight finish.</summary>
    public static void MapSpeechEndpoint(this IEndpointRouteBuilder endpoints, SpeechEndpoint endpoint, GracefulDrain drain) =>
        endpoints.MapPost("/v1/audio/speech", drain.Guard(endpoint.HandleAsync, endpoint.RetryAfterSeconds));
}
