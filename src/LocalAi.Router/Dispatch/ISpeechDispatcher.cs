using System.Text.Json.Nodes;
using LocalAi.Router.Models;

namespace LocalAi.Router.Dispatch;

/// <summary>
/// Sends a speech request to the upstreams in order of preference, failing over before any byte of the response is
/// used: a connection failure, a timeout or a 5xx is a passive failure of that upstream and the next one is tried; a
/// 503 or 429 (busy, gaming mode, queue full) skips the upstream without counting against it; any other 4xx is the
/// client's fault and is returned as it is, never retried.
/// </summary>
public interface ISpeechDispatcher
{
    /// <summary>Sends <paramref name="body"/> (rewriting <c>model</c> per upstream) to <paramref name="path"/> and returns the first usable reply, its headers read and its body not yet.</summary>
    /// <exception cref="NoUpstreamAvailableException">No upstream is serving, or every one failed or was busy.</exception>
    Task<UpstreamReply> SendAsync(JsonObject body, CancellationToken cancellationToken, string path = "/v1/audio/speech");

    /// <summary>
    /// Null when some upstream may take a request for <paramref name="model"/>, or when no upstream is known at all (every
    /// discovered group empty: nothing to judge the model by, so a job waits rather than being refused); otherwise every
    /// model the upstreams serve, for the answer to a request whose model none serves.
    /// </summary>
    Task<IReadOnlyList<ServedModel>?> ServedInsteadAsync(string model, CancellationToken cancellationToken);
}
