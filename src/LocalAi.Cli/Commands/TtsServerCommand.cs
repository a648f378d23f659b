using System.CommandLine;
using LocalAi.TtsServer;
using LocalAi.TtsServer.Configuration;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary><c>localai tts-server [--port 8006] [--model-dir …] [--config file]</c>: the OpenAI-compatible speech service.</summary>
public static class TtsServerCommand
{
    /// <summary>Builds the <c>tts-server</c> command.</summary>
    /// <param name="output">Where notices go; the terminal when null.</param>
    /// <param name="error">Where errors go; standard error when null.</param>
    public static Command Create(IAnsiConsole? output = null, IAnsiConsole? error = null)
    {
        var consoles = CommandConsoles.Create(output, error);
        var config = new Option<string?>("--config") { Description = "A JSON config file: {\"TtsServer\": {\"Port\": 8006, …}}. Flags override it, and it overrides nothing else: LOCALAI__TTSSERVER__* variables sit between." };
        (Option Option, string Key)[] flags =
        [
            Flag<string>("--host", "Host", "Address to listen on (default 0.0.0.0)."),
            Flag<int>("--port", "Port", "Port to listen on (default 8006; 0 picks a free one)."),
            Flag<int>("--wyoming-port", "WyomingPort", "Also speak Home Assistant's Wyoming protocol on this TCP port (usually 10200; off by default)."),
            Flag<bool>("--wyoming-announce", "WyomingAnnounce", "Announce the Wyoming port as _wyoming._tcp on the local network (needs avahi-daemon) so Home Assistant discovers it."),
            Flag<string>("--model-dir", "ModelDirectory", "A model directory in the Hugging Face layout; default: the model cache, pulled on first start."),
            Flag<string>("--model-id", "ModelId", "The model's id in the API and the cache (default chatterbox-turbo)."),
            Flag<string>("--dtype", "DType", "fp32, fp16, q8, q4 or q4f16, optionally per graph; default q4 on CPU, fp16 on CUDA."),
            Flag<string>("--device", "Device", "cpu or cuda (default cpu)."),
            Flag<int>("--threads", "Threads", "ONNX Runtime intra-op threads (0 = its choice)."),
            Flag<string>("--voices-dir", "VoicesDirectory", "The voice library folder (default ./voices)."),
            Flag<string>("--default-voice", "DefaultVoice", "Voice for OpenAI voice names: a library voice or a clip file; default: the pulled default voice."),
            Flag<string>("--cache-dir", "CacheDirectory", "The model cache root (default LOCALAI_CACHE, HF_HOME/localai or ~/.cache/huggingface/localai)."),
            Flag<bool>("--lazy", "LazyLoad", "Load the model on the first request instead of at start."),
            Flag<int>("--max-concurrent", "MaxConcurrentGenerations", "Generations at the same time; with --batch, the largest decode batch. Default chosen per device and dtype: 4 with --batch or fp32/fp16 graphs on the CPU, else 1 (docs/configuration.md)."),
            Flag<bool>("--batch", "BatchDecoding", "Decode concurrent generations as one batch (--batch false turns it off). Default chosen per device and dtype: on with fp32/fp16 graphs on the CPU; off with q4 there, and on CUDA until measured (docs/configuration.md)."),
            Flag<int>("--batch-cache-mib", "BatchCacheMiB", "Most MiB the batch's key/value cache may take (default 2048)."),
            Flag<int>("--queue-length", "MaxQueueLength", "Requests that may wait; more get 429 (default 16)."),
            Flag<double>("--drain-grace", "DrainGraceSeconds", "On SIGTERM, seconds to finish requests in flight while new ones get 503 (default 30)."),
            Flag<int>("--max-input-chars", "MaxInputCharacters", "Longest input accepted (default 4096)."),
            Flag<int>("--stream-chunk-tokens", "StreamChunkTokens", "Send a sentence's audio every this many speech tokens (default 25, 1 s); 0 waits for the whole sentence."),
            Flag<string>("--api-key", "ApiKeys:0", "Require this API key (Bearer); more keys through the config file or LOCALAI__TTSSERVER__APIKEYS__N."),
        ];

        var command = new Command("tts-server", "Serve OpenAI-compatible text to speech (/v1/audio/speech) with Chatterbox Turbo.") { config };
        foreach (var (option, _) in flags)
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => consoles.RunAsync(async () =>
        {
            var overrides = flags
                .Where(flag => result.GetResult(flag.Option) is { Implicit: false })
                .Select(flag => KeyValuePair.Create($"{TtsServerOptions.Section}:{flag.Key}", ValueText(result, flag.Option)))
                .ToList();
            TtsServerOptions options;
            try
            {
                options = TtsServerConfiguration.Load(result.GetValue(config), overrides);
            }
            catch (TtsServerConfigurationException e)
            {
                return consoles.Fail(e.Message, 2);
            }

            var capacity = GenerationCapacity.Resolve(options);
            consoles.Error.MarkupLine($"tts-server on [bold]http://{Markup.Escape(options.Host)}:{options.Port}[/] (model {Markup.Escape(options.ModelId)}, {(options.LazyLoad ? "loaded on first use" : "loading now")}; {Capacity(capacity)}).");
            await ((IHost)TtsServerApp.Build(options)).RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }

    // "4 generations at once, batched, chosen automatically"; why is in /v1/status.
    private static string Capacity(GenerationCapacity capacity) =>
        (capacity.MaxConcurrentGenerations == 1 ? "1 generation at a time" : $"{capacity.MaxConcurrentGenerations} generations at once")
        + (capacity.BatchDecoding ? ", batched" : "")
        + (capacity.ConcurrencyChosen || capacity.BatchingChosen ? ", chosen automatically" : "");

    // One list drives both parsing and binding: each flag is paired with the configuration key it sets.
    private static (Option Option, string Key) Flag<T>(string name, string key, string description) => (new Option<T>(name) { Description = description }, key);

    private static string? ValueText(ParseResult result, Option flag) =>
        result.GetResult(flag)?.Tokens.Count is 0 ? "true" : string.Join(",", result.GetResult(flag)!.Tokens.Select(t => t.Value));
}
