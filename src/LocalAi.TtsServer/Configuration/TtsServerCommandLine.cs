namespace LocalAi.TtsServer.Configuration;

/// <summary>Short flags of the server's own entry point, mapped to configuration keys.</summary>
public static class TtsServerCommandLine
{
    /// <summary>Flag → key, for <c>AddCommandLine</c>. Any key may also be given in full (<c>--TtsServer:MaxQueueLength 4</c>).</summary>
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--config"] = "config",
        ["--host"] = "TtsServer:Host",
        ["--port"] = "TtsServer:Port",
        ["--wyoming-port"] = "TtsServer:WyomingPort",
        ["--wyoming-announce"] = "TtsServer:WyomingAnnounce",
        ["--model-dir"] = "TtsServer:ModelDirectory",
        ["--model-id"] = "TtsServer:ModelId",
        ["--dtype"] = "TtsServer:DType",
        ["--device"] = "TtsServer:Device",
        ["--threads"] = "TtsServer:Threads",
        ["--voices-dir"] = "TtsServer:VoicesDirectory",
        ["--default-voice"] = "TtsServer:DefaultVoice",
        ["--cache-dir"] = "TtsServer:CacheDirectory",
        ["--lazy"] = "TtsServer:LazyLoad",
        ["--max-concurrent"] = "TtsServer:MaxConcurrentGenerations",
        ["--batch"] = "TtsServer:BatchDecoding",
        ["--batch-cache-mib"] = "TtsServer:BatchCacheMiB",
        ["--queue-length"] = "TtsServer:MaxQueueLength",
        ["--drain-grace"] = "TtsServer:DrainGraceSeconds",
        ["--max-input-chars"] = "TtsServer:MaxInputCharacters",
        ["--stream-chunk-tokens"] = "TtsServer:StreamChunkTokens",
        ["--api-key"] = "TtsServer:ApiKeys:0",
    };
}
