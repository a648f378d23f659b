namespace LocalAi.Hosting.Limits;

/// <summary>
/// The request body sizes the services accept by default, in one place: the tts-server enforces them and the router
/// refuses at its own door (413) what no tts-server would take, instead of forwarding it to be refused there.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>1 MiB: a JSON body (a speech request, a voice rename).</summary>
    public const long JsonBytes = 1024 * 1024;

    /// <summary>10 MiB: an uploaded voice sample (<c>audio_sample</c>), OpenAI's limit.</summary>
    public const long VoiceUploadBytes = 10 * 1024 * 1024;

    /// <summary>Room a voice upload's multipart body has beyond its sample: the framing and the other fields.</summary>
    public const long MultipartOverheadBytes = 64 * 1024;

    /// <summary>The largest whole multipart body that carries a sample of at most <paramref name="sampleBytes"/>.</summary>
    public static long VoiceUploadRequestBytes(long sampleBytes) => sampleBytes + MultipartOverheadBytes;
}
