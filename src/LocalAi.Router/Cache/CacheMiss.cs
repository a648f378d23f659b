using System.Text.Json.Nodes;
using LocalAi.Audio.Encoding;
using LocalAi.Router.Dispatch;

namespace LocalAi.Router.Cache;

/// <summary>
/// A miss this request leads: it renders canonical PCM through the dispatcher (<see cref="SendAsync"/>), its client
/// gets the audio as it arrives, and a whole rendering goes to <see cref="CompleteAsync"/> to be stored and shared with
/// the identical requests that wait for it. Disposing ends the lead; followers of a lead that published nothing try again.
/// </summary>
internal sealed class CacheMiss : SpeechCacheLookup, IAsyncDisposable
{
    private readonly SpeechCache cache;
    private readonly SpeechCacheRequest request;
    private readonly string key;
    private readonly SharedGeneration generation;

    internal CacheMiss(SpeechCache cache, SpeechCacheRequest request, string key, SharedGeneration generation)
    {
        this.cache = cache;
        this.request = request;
        this.key = key;
        this.generation = generation;
    }

    /// <summary>The client's format.</summary>
    public AudioFormat Format => request.Format;

    /// <summary>The client's speed.</summary>
    public double Speed => request.Request.Speed;

    /// <summary>Whether the client's encode is worth keeping as a variant (its format and speed are not the PCM itself).</summary>
    public bool KeepsEncode => request.Variant is not null;

    /// <summary>
    /// Asks the dispatcher for the canonical rendering (pcm, speed 1, plain audio). A refusal is read whole and shared
    /// with the followers; no upstream at all is shared too, and thrown.
    /// </summary>
    /// <exception cref="NoUpstreamAvailableException">No upstream could take the request.</exception>
    public async Task<LeadReply> SendAsync(CancellationToken cancellationToken)
    {
        var body = (JsonObject)request.Request.Body.DeepClone();
        body["response_format"] = "pcm";
        body["speed"] = 1;
        body["stream_format"] = "audio";
        UpstreamReply reply;
        try
        {
            reply = await cache.Dispatcher.SendAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (NoUpstreamAvailableException e)
        {
            generation.Complete(new NoUpstreamOutcome(e));
            throw;
        }

        if (reply.Response.IsSuccessStatusCode)
        {
            return new LeadReply(reply, null);
        }

        using (reply)
        {
            var refusal = new RefusedOutcome(
                (int)reply.Response.StatusCode,
                reply.Response.Content.Headers.ContentType?.ToString(),
                await reply.Response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false),
                reply.Upstream.Name);
            generation.Complete(refusal);
            return new LeadReply(null, refusal);
        }
    }

    /// <summary>
    /// Takes a rendering that arrived whole: stores it when the answer proved its voice, with the client's completed
    /// encode (<paramref name="encoded"/>, when <see cref="KeepsEncode"/>) as its variant, and shares it with the followers.
    /// </summary>
    public async Task CompleteAsync(UpstreamReply reply, ReadOnlyMemory<byte> pcm, byte[]? encoded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (pcm.Length % 2 != 0)
        {
            // Half a sample: not a whole rendering.
            return;
        }

        var speech = new CachedSpeech(pcm, reply.Header("X-Model"), reply.Header(VoiceEvidenceReader.VoiceHeader), reply.Header("X-Seed"), reply.Header("X-Model-Version") ?? SpeechCache.UnknownVersion);
        if (!await cache.ProvesVoiceAsync(request, reply, cancellationToken).ConfigureAwait(false))
        {
            generation.Complete(new RenderedOutcome(speech, Proven: false));
            return;
        }

        var stored = SpeechCacheKey.Compute(request.Request, request.VoiceHash, speech.ModelVersion);
        await cache.StoreAsync(request, stored, speech).ConfigureAwait(false);
        if (request.Variant is { } variant && encoded is not null)
        {
            // This client's encode completed too: later requests in its format and speed need no ffmpeg.
            await cache.StoreVariantAsync(request, stored, variant, speech, encoded).ConfigureAwait(false);
        }

        generation.Complete(new RenderedOutcome(speech));
    }

    /// <summary>Ends the lead: followers of a lead that shared nothing (a broken stream, a client that left) try again.</summary>
    public ValueTask DisposeAsync()
    {
        generation.Complete(GenerationOutcome.Failed);
        cache.EndLead(key, generation);
        return ValueTask.CompletedTask;
    }
}

/// <summary>What the upstream answered a lead: <paramref name="Audio"/> to stream (the caller disposes it), or a <paramref name="Refusal"/> to pass on.</summary>
internal sealed record LeadReply(UpstreamReply? Audio, RefusedOutcome? Refusal);

/// <summary>Reads the headers the cache keeps from an upstream's answer.</summary>
internal static class UpstreamReplyHeaders
{
    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public static string? Header(this UpstreamReply reply, string name) =>
        reply.Response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
