using System.Diagnostics;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// The short phrase through the server against the bare engine call; medians and fastest runs in milliseconds.
/// <c>RoundTripMs</c> is the median bare HTTP round trip (<c>GET /health/live</c>) on the same client: the floor of any request.
/// </summary>
internal sealed record ServerOverheadFigures(int Pairs, double ServerMs, double DirectMs, double BestServerMs, double BestDirectMs, double RoundTripMs, long PcmBytes)
{
    public double OverheadMs => ServerMs - DirectMs;

    public double Ratio => ServerMs / DirectMs;

    /// <summary>On the fastest run of each: load on a shared machine only ever adds time.</summary>
    public double BestOverheadMs => BestServerMs - BestDirectMs;

    public double BestRatio => BestServerMs / BestDirectMs;
}

/// <summary>
/// Interleaves (server, direct, round trip, server, …) so drift in the machine's load hits both alike. The direct call is
/// <see cref="SpeechSynthesizer.Synthesize"/> on the very synthesizer the server serves, with the conditioning of the
/// same clip and the options the server derives from the request; the server's PCM must hold exactly its samples.
/// </summary>
internal static class ServerOverhead
{
    public static async Task<ServerOverheadFigures> RunAsync(HttpClient client, SpeechSynthesizer synthesizer, string voiceClip, int pairs)
    {
        var voice = (await synthesizer.PrepareVoiceAsync(voiceClip).ConfigureAwait(false)).Conditioning;
        var options = ServerInputs.Synthesis(ServerInputs.PhraseTokens);
        Task<ServerCall> Server() => ServerCall.SendAsync(client, ServerInputs.Request(ServerInputs.Phrase, "pcm", ServerInputs.PhraseTokens));
        SynthesisResult Direct() => synthesizer.Synthesize(ServerInputs.Phrase, voice, options);

        var expectedBytes = Direct().Samples.Length * 2L;
        var served = (await Server().ConfigureAwait(false)).EnsureAudio();
        if (served.Bytes != expectedBytes)
        {
            throw new InvalidOperationException($"The server sent {served.Bytes} PCM bytes; the direct call made {expectedBytes / 2} samples.");
        }

        var serverMs = new List<double>();
        var directMs = new List<double>();
        var roundTripMs = new List<double>();
        for (var i = 0; i < pairs; i++)
        {
            serverMs.Add((await Server().ConfigureAwait(false)).EnsureAudio().TotalMs);
            var start = Stopwatch.GetTimestamp();
            Direct();
            directMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            roundTripMs.Add((await ServerCall.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/health/live")).ConfigureAwait(false)).TotalMs);
        }

        return new ServerOverheadFigures(pairs, Stats.Median(serverMs), Stats.Median(directMs), serverMs.Min(), directMs.Min(), Stats.Median(roundTripMs), expectedBytes);
    }
}
