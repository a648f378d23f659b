using System.CommandLine;
using System.Globalization;
using LocalAi.Audio;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;
using LocalAi.Text;
using Spectre.Console;

namespace LocalAi.Cli.Commands;

/// <summary><c>localai say "text" --voice-file ref.wav --out out.wav</c>: synthesize speech to a file.</summary>
public static class SayCommand
{
    /// <summary>Builds the <c>say</c> command.</summary>
    /// <param name="output">Where the result line goes; the terminal when null.</param>
    /// <param name="error">Where errors and download notices go; standard error when null.</param>
    public static Command Create(IAnsiConsole? output = null, IAnsiConsole? error = null)
    {
        var consoles = CommandConsoles.Create(output, error);
        var text = new Argument<string?>("text") { Description = "What to say; '-' or nothing reads standard input.", Arity = ArgumentArity.ZeroOrOne };
        var voiceFile = new Option<string?>("--voice-file") { Description = "Reference clip of the voice to clone (over 5 s; WAV, MP3, FLAC, OGG…). Default: the default voice of the model cache." };
        var outputPath = new Option<string>("--out", "-o") { Description = "Output file.", DefaultValueFactory = _ => "speech.wav" };
        var modelDir = new Option<string?>("--model-dir") { Description = "A model directory in the Hugging Face layout; default: the cache, pulled on first use." };
        var dtype = new Option<string?>("--dtype") { Description = "fp32, fp16, q8, q4 or q4f16, optionally per graph (\"q4,embed_tokens=fp16\"); default q4 on CPU, fp16 on CUDA." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0 = ONNX Runtime's choice)." };
        var temperature = new Option<double>("--temperature") { Description = "0 = greedy (the official ONNX loop); > 0 samples (PyTorch Turbo uses 0.8)." };
        var topK = new Option<int>("--top-k") { Description = "Top-k when sampling (0 = off).", DefaultValueFactory = _ => 1000 };
        var topP = new Option<double>("--top-p") { Description = "Top-p when sampling (1 = off).", DefaultValueFactory = _ => 0.95 };
        var penalty = new Option<double>("--repetition-penalty") { Description = "Penalty per distinct generated token (1 = off).", DefaultValueFactory = _ => 1.2 };
        var seed = new Option<int?>("--seed") { Description = "Sampler seed (sampling draws one when omitted and reports it)." };
        var maxNewTokens = new Option<int?>("--max-new-tokens") { Description = "Cap on generated speech tokens per chunk (default: from the text length, at most 1000)." };
        var loudness = new Option<string>("--reference-loudness") { Description = "Normalise the reference clip to this LUFS, or 'off'.", DefaultValueFactory = _ => "-27" };
        var format = new Option<string>("--format") { Description = "Output format: wav.", DefaultValueFactory = _ => "wav" };
        var sampleFormat = new Option<string>("--sample-format") { Description = "f32 (the decoder's exact output) or s16.", DefaultValueFactory = _ => "f32" };
        var chunkChars = new Option<int>("--max-chunk-chars") { Description = "Split longer text at sentence boundaries into chunks of about this size (0 = never).", DefaultValueFactory = _ => SynthesisOptions.DefaultMaxChunkCharacters };
        var trace = new Option<string?>("--trace") { Description = "Write a JSON trace: normalised text, token ids, speech tokens, sample count, timings." };
        var model = new Option<string>("--model") { Description = "chatterbox-turbo (English) or chatterbox-multilingual (23 languages).", DefaultValueFactory = _ => ModelCatalog.ChatterboxTurbo.Id };
        var language = new Option<string>("--language") { Description = "ISO 639-1 code of the text's language (chatterbox-multilingual speaks 23).", DefaultValueFactory = _ => SpeechLanguages.Default };
        var exaggeration = new Option<double?>("--exaggeration") { Description = "Emotion exaggeration 0 to 2 (chatterbox-multilingual only; default 0.5)." };
        var cache = ModelsOptions.Cache();
        var noPull = new Option<bool>("--no-pull") { Description = "Fail instead of downloading a missing model." };

        var command = new Command("say", "Speak text with Chatterbox Turbo or Multilingual and write it to a file.")
        {
            text, voiceFile, outputPath, model, language, exaggeration, modelDir, dtype, device, threads, temperature, topK, topP, penalty, seed,
            maxNewTokens, loudness, format, sampleFormat, chunkChars, trace, cache, noPull,
        };

        command.SetAction((result, cancellationToken) => consoles.RunAsync(() =>
        {
            var request = new SayRequest
            {
                Text = ReadText(result.GetValue(text)),
                ModelId = result.GetValue(model)!,
                VoiceFile = result.GetValue(voiceFile),
                OutputPath = result.GetValue(outputPath)!,
                ModelDirectory = result.GetValue(modelDir),
                DTypes = result.GetValue(dtype) is { } d ? GraphDTypes.Parse(d) : null,
                Device = ParseDevice(result.GetValue(device)!),
                Threads = result.GetValue(threads),
                Generation = new GenerationOptions
                {
                    Temperature = result.GetValue(temperature),
                    TopK = result.GetValue(topK),
                    TopP = result.GetValue(topP),
                    RepetitionPenalty = result.GetValue(penalty),
                    Seed = result.GetValue(seed),
                    MaxNewTokens = result.GetValue(maxNewTokens),
                    Language = result.GetValue(language)!,
                    Exaggeration = result.GetValue(exaggeration),
                },
                ReferenceLufs = ParseLoudness(result.GetValue(loudness)!),
                SampleFormat = ParseSampleFormat(result.GetValue(format)!, result.GetValue(sampleFormat)!),
                MaxChunkCharacters = result.GetValue(chunkChars),
                TracePath = result.GetValue(trace),
                CacheDirectory = result.GetValue(cache),
                AllowPull = !result.GetValue(noPull),
            };
            return new SayRunner(consoles).RunAsync(request, cancellationToken);
        }));
        return command;
    }

    private static string ReadText(string? argument)
    {
        if (argument is null or "-")
        {
            if (!System.Console.IsInputRedirected && argument is null)
            {
                throw new ArgumentException("Nothing to say: pass the text as an argument, or '-' to read it from standard input.");
            }

            return System.Console.In.ReadToEnd();
        }

        return argument;
    }

    private static ExecutionDevice ParseDevice(string value) => value.Trim().ToLowerInvariant() switch
    {
        "cpu" => ExecutionDevice.Cpu,
        "cuda" or "gpu" => ExecutionDevice.Cuda,
        _ => throw new FormatException($"Unknown device '{value}'. Use cpu or cuda."),
    };

    private static double? ParseLoudness(string value)
    {
        if (value.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var lufs) && lufs is < 0 and > -70)
        {
            return lufs;
        }

        throw new FormatException($"--reference-loudness must be 'off' or a loudness in LUFS between -70 and 0 (for example -27), not '{value}'.");
    }

    private static WavSampleFormat ParseSampleFormat(string format, string sampleFormat)
    {
        if (!format.Equals("wav", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"--format {format} is not available in `say` yet: it writes wav. (mp3, opus, aac, flac and pcm come with the tts-server.)");
        }

        return sampleFormat.Trim().ToLowerInvariant() switch
        {
            "f32" or "float" or "float32" => WavSampleFormat.Float32,
            "s16" or "pcm16" or "int16" => WavSampleFormat.Pcm16,
            _ => throw new FormatException($"Unknown --sample-format '{sampleFormat}'. Use f32 or s16."),
        };
    }
}
