using LocalAi.Hosting.Limits;
using LocalAi.Hosting.Configuration;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.TtsServer.Configuration;

/// <summary>
/// Everything the tts-server can be told. Bound from the <c>TtsServer</c> section of a JSON config file, then
/// <c>LOCALAI__TTSSERVER__*</c> environment variables, then command-line flags (later sources win); see
/// <see cref="TtsServerConfiguration"/>. <see cref="Validate"/> names the first bad key.
/// </summary>
public sealed record TtsServerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string Section = "TtsServer";

    /// <summary>The OpenAI model names that map to Chatterbox Turbo unless configured otherwise.</summary>
    public static IReadOnlyList<string> DefaultModelAliases { get; } = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"];

    /// <summary>The address Kestrel listens on.</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>The port Kestrel listens on; 0 picks a free one.</summary>
    public int Port { get; init; } = 8006;

    /// <summary>The model's id in the API and the model store.</summary>
    public string ModelId { get; init; } = "chatterbox-turbo";

    /// <summary>A model directory in the Hugging Face layout; null resolves <see cref="ModelId"/> in the model cache.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>The model cache root; null uses <c>LOCALAI_CACHE</c>, <c>HF_HOME</c> or <c>~/.cache/huggingface/localai</c>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Graph dtypes (<c>q4</c>, <c>fp16</c>, <c>"q4,embed_tokens=fp16"</c>); null picks the device default.</summary>
    public string? DType { get; init; }

    /// <summary><c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose.</summary>
    public int Threads { get; init; }

    /// <summary>The voice library folder.</summary>
    public string VoicesDirectory { get; init; } = "./voices";

    /// <summary>
    /// The voice used when a request names an OpenAI voice that no library voice has as an alias: a library voice's
    /// id, name or alias, or a clip file. Null uses the model cache's pulled default voice.
    /// </summary>
    public string? DefaultVoice { get; init; }

    /// <summary>Other names of the model (OpenAI's); null uses <see cref="DefaultModelAliases"/>.</summary>
    public IReadOnlyList<string>? ModelAliases { get; init; }

    /// <summary>
    /// API keys; when any is set, every request but <c>/health*</c> and <c>/metrics</c> needs one
    /// (<c>Authorization: Bearer KEY</c>, <c>x-api-key</c>, or a Basic password). Empty or null leaves the API open.
    /// </summary>
    public IReadOnlyList<string>? ApiKeys { get; init; }

    /// <summary>Load the model on the first request instead of at start.</summary>
    public bool LazyLoad { get; init; }

    /// <summary>
    /// Generations that run at the same time; with batch decoding, also the largest decode batch. Null chooses it per
    /// device and dtype (<see cref="GenerationCapacity"/>).
    /// </summary>
    public int? MaxConcurrentGenerations { get; init; }

    /// <summary>
    /// Decode concurrent generations as one batch (one language-model step for all of them). Null chooses it per
    /// device and dtype, by measurement (<see cref="GenerationCapacity"/>; docs/benchmarks.md): on with fp32 or fp16
    /// graphs on the CPU, off with 4-bit graphs there and, until measured, on CUDA.
    /// </summary>
    public bool? BatchDecoding { get; init; }

    /// <summary>The most memory, in MiB, the batch's key/value cache may take; a request beyond it waits for room.</summary>
    public int BatchCacheMiB { get; init; } = 2048;

    /// <summary>Requests that may wait for a generation slot; more are answered 429.</summary>
    public int MaxQueueLength { get; init; } = 16;

    /// <summary>The <c>Retry-After</c> seconds sent with a 429.</summary>
    public int RetryAfterSeconds { get; init; } = 2;

    /// <summary>The longest <c>input</c> accepted, in characters.</summary>
    public int MaxInputCharacters { get; init; } = 4096;

    /// <summary>The largest JSON request body, in bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = RequestBodyLimits.JsonBytes;

    /// <summary>The largest uploaded voice sample, in bytes (OpenAI's limit is 10 MiB).</summary>
    public long MaxVoiceUploadBytes { get; init; } = RequestBodyLimits.VoiceUploadBytes;

    /// <summary>Chunks of about this many characters are synthesized one after another.</summary>
    public int MaxChunkCharacters { get; init; } = 300;

    /// <summary>
    /// A sentence's audio is sent every this many speech tokens (25 per second of audio) while the sentence is still
    /// being generated; 0 sends each sentence when it is whole.
    /// </summary>
    public int StreamChunkTokens { get; init; } = LocalAi.Speech.Chatterbox.Streaming.InSentenceStreaming.DefaultChunkTokens;

    /// <summary>
    /// How long one write of a speech response may wait for the client to take the bytes; a client that reads nothing
    /// for this long is dropped and its generation cancelled, so it cannot hold a generation slot.
    /// </summary>
    public double ResponseStallSeconds { get; init; } = 30;

    /// <summary>
    /// On SIGTERM (or a host shutdown) the server drains: new speech requests get 503 and <c>/health</c> says
    /// <c>draining</c> while the requests in flight finish, for up to this many seconds; then it stops. An
    /// orchestrator's stop timeout must exceed it by the host's stop margin (10 s).
    /// </summary>
    public double DrainGraceSeconds { get; init; } = 30;

    /// <summary>Voice conditionings kept in memory (each is small on the CPU; the on-disk cache keeps them all).</summary>
    public int VoiceCacheSize { get; init; } = 8;

    /// <summary>
    /// The TCP port of the Wyoming front end for Home Assistant (10200 is the usual one); null leaves it off. It
    /// listens on <see cref="Host"/>.
    /// </summary>
    public int? WyomingPort { get; init; }

    /// <summary>Announce the Wyoming front end as <c>_wyoming._tcp</c> on the local network (through Avahi) so Home Assistant discovers it.</summary>
    public bool WyomingAnnounce { get; init; }

    /// <summary>The aliases in effect.</summary>
    public IReadOnlyList<string> EffectiveModelAliases => ModelAliases ?? DefaultModelAliases;

    /// <summary>The device <see cref="Device"/> names (<c>cpu</c>, else CUDA: <c>cuda</c> or <c>gpu</c>).</summary>
    internal ExecutionDevice ExecutionDevice =>
        Device.Trim().Equals("cpu", StringComparison.OrdinalIgnoreCase) ? ExecutionDevice.Cpu : ExecutionDevice.Cuda;

    /// <summary>The dtypes asked for: <see cref="DType"/> (which <see cref="Validate"/> has checked), else the device's default.</summary>
    internal GraphDTypes RequestedDTypes => DType is { } text ? GraphDTypes.Parse(text) : ChatterboxOptions.DefaultDTypes(ExecutionDevice);

    /// <summary>Checks every value and names the first bad key.</summary>
    /// <exception cref="TtsServerConfigurationException">A value is out of range.</exception>
    public void Validate()
    {
        Require(ListenAddress.HostProblem(Host) is null, nameof(Host), ListenAddress.HostProblem(Host));
        Require(ListenAddress.PortProblem(Port) is null, nameof(Port), ListenAddress.PortProblem(Port));
        Require(WyomingPort is not { } wyoming || ListenAddress.PortProblem(wyoming) is null, nameof(WyomingPort), WyomingPort is { } port ? ListenAddress.PortProblem(port) : null);
        Require(!WyomingAnnounce || WyomingPort is not null, nameof(WyomingAnnounce), WyomingAnnounce, "needs WyomingPort: only a listening Wyoming front end can be announced");
        Require(!string.IsNullOrWhiteSpace(ModelId), nameof(ModelId), ModelId, "must not be empty");
        Require(Device.Trim().ToLowerInvariant() is "cpu" or "cuda" or "gpu", nameof(Device), Device, "must be cpu or cuda");
        Require(Threads >= 0, nameof(Threads), Threads, "must be 0 (ONNX Runtime's choice) or more");
        Require(!string.IsNullOrWhiteSpace(VoicesDirectory), nameof(VoicesDirectory), VoicesDirectory, "must be a folder");
        Require(MaxConcurrentGenerations is null or >= 1, nameof(MaxConcurrentGenerations), MaxConcurrentGenerations, "must be at least 1");
        Require(BatchCacheMiB >= 1, nameof(BatchCacheMiB), BatchCacheMiB, "must be at least 1");
        Require(MaxQueueLength >= 0, nameof(MaxQueueLength), MaxQueueLength, "must be 0 or more");
        Require(RetryAfterSeconds >= 1, nameof(RetryAfterSeconds), RetryAfterSeconds, "must be at least 1");
        Require(MaxInputCharacters >= 1, nameof(MaxInputCharacters), MaxInputCharacters, "must be at least 1");
        Require(MaxRequestBodyBytes >= 1024, nameof(MaxRequestBodyBytes), MaxRequestBodyBytes, "must be at least 1024");
        Require(MaxVoiceUploadBytes >= 1024, nameof(MaxVoiceUploadBytes), MaxVoiceUploadBytes, "must be at least 1024");
        Require(MaxChunkCharacters >= 0, nameof(MaxChunkCharacters), MaxChunkCharacters, "must be 0 (never split) or more");
        Require(StreamChunkTokens >= 0, nameof(StreamChunkTokens), StreamChunkTokens, "must be 0 (whole sentences) or more");
        Require(ResponseStallSeconds is >= 0.1 and <= 3600, nameof(ResponseStallSeconds), ResponseStallSeconds, "must be between 0.1 and 3600 seconds");
        Require(DrainGraceSeconds is >= 0 and <= 3600, nameof(DrainGraceSeconds), DrainGraceSeconds, "must be between 0 and 3600 seconds");
        Require(VoiceCacheSize >= 1, nameof(VoiceCacheSize), VoiceCacheSize, "must be at least 1");
        foreach (var alias in EffectiveModelAliases)
        {
            Require(!string.IsNullOrWhiteSpace(alias), nameof(ModelAliases), alias, "must not hold empty names");
        }

        foreach (var key in ApiKeys ?? [])
        {
            Require(key.Trim().Length >= 8, nameof(ApiKeys), "…", "must hold keys of at least 8 characters");
        }

        if (DType is not null)
        {
            try
            {
                GraphDTypes.Parse(DType);
            }
            catch (FormatException e)
            {
                throw Invalid(nameof(DType), e.Message);
            }
        }
    }

    // The shape of JsonConfigFile's Require and Invalid (the manager's and router's files), with the key named as
    // Microsoft.Extensions.Configuration names it (TtsServer:Port) where those name a JSON path ($.port).
    private static void Require(bool condition, string key, string? message)
    {
        if (!condition)
        {
            throw Invalid(key, message!);
        }
    }

    private static void Require(bool condition, string key, object? value, string rule) => Require(condition, key, $"{rule} (got '{value}').");

    private static TtsServerConfigurationException Invalid(string key, string problem) => new($"{Section}:{key}", problem);
}
