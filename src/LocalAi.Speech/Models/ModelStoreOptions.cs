namespace LocalAi.Speech.Models;

/// <summary>Where the store keeps models and how it reaches the hub.</summary>
public sealed record ModelStoreOptions
{
    /// <summary>The public Hugging Face hub.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://huggingface.co");

    /// <summary>The cache root; models live in <c>models/</c> and voices in <c>voices/</c> below it.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>The hub (or a mirror) that serves <c>{endpoint}/{repo}/resolve/{revision}/{path}</c>.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>A Hugging Face access token sent as a bearer token to the endpoint (never to hosts it redirects to).</summary>
    public string? Token { get; init; }

    /// <summary>Where <c>pull</c> fetches the default voice from.</summary>
    public VoiceSource DefaultVoice { get; init; } = VoiceSource.ChatterboxDefault;

    /// <summary>How many times one request is tried when the hub fails transiently (5xx, dropped connection).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; each later retry waits twice as long.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The models folder of the cache.</summary>
    public string ModelsDirectory => Path.Combine(CacheDirectory, "models");

    /// <summary>The voices folder of the cache.</summary>
    public string VoicesDirectory => Path.Combine(CacheDirectory, "voices");

    /// <summary>
    /// Options from explicit values, falling back to the environment as huggingface_hub does:
    /// <c>LOCALAI_CACHE</c> or <c>HF_HOME</c> for the cache, <c>HF_ENDPOINT</c> for the hub, <c>HF_TOKEN</c>
    /// (or the token file <c>huggingface-cli login</c> writes) for the token.
    /// </summary>
    /// <param name="cacheDirectory">An explicit cache root, or null.</param>
    /// <param name="endpoint">An explicit hub URL, or null.</param>
    /// <param name="token">An explicit token, or null.</param>
    /// <param name="environment">Reads an environment variable; the process environment when null.</param>
    public static ModelStoreOptions FromEnvironment(
        string? cacheDirectory = null,
        string? endpoint = null,
        string? token = null,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var endpointText = FirstSet(endpoint, environment("HF_ENDPOINT"));
        return new ModelStoreOptions
        {
            CacheDirectory = FirstSet(cacheDirectory) ?? DefaultCacheDirectory(environment),
            Endpoint = endpointText is null ? DefaultEndpoint : ParseEndpoint(endpointText),
            Token = FirstSet(token, environment("HF_TOKEN")) ?? ReadSavedToken(environment),
        };
    }

    /// <summary><c>LOCALAI_CACHE</c>, else <c>$HF_HOME/localai</c>, else <c>~/.cache/huggingface/localai</c>.</summary>
    /// <param name="environment">Reads an environment variable; the process environment when null.</param>
    public static string DefaultCacheDirectory(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return FirstSet(environment("LOCALAI_CACHE")) ?? Path.Combine(HuggingFaceHome(environment), "localai");
    }

    private static string HuggingFaceHome(Func<string, string?> environment) =>
        FirstSet(environment("HF_HOME"))
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "huggingface");

    private static string? ReadSavedToken(Func<string, string?> environment)
    {
        var file = FirstSet(environment("HF_TOKEN_PATH")) ?? Path.Combine(HuggingFaceHome(environment), "token");
        return File.Exists(file) ? FirstSet(File.ReadAllText(file).Trim()) : null;
    }

    private static Uri ParseEndpoint(string text) =>
        Uri.TryCreate(text.Trim().TrimEnd('/'), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ModelStoreException(ModelStoreErrorKind.Http, $"The hub endpoint '{text}' is not an http(s) URL.");

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
