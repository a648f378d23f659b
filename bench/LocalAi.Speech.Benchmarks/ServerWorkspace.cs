using LocalAi.Audio;
using LocalAi.ModelForge;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// A temporary folder holding the server's voice clips, voice library and model cache, and the model itself: the tiny
/// profile is forged here (a second or two), the full one is reused from <c>.artifacts/bench-models</c> like the engine mode.
/// </summary>
internal sealed class ServerWorkspace : IDisposable
{
    private ServerWorkspace(string root, string modelDirectory)
    {
        Root = root;
        ModelDirectory = modelDirectory;
    }

    public string Root { get; }

    public string ModelDirectory { get; }

    public static ServerWorkspace Create(ServerBenchOptions options, TextWriter log)
    {
        var root = Path.Combine(Path.GetTempPath(), "localai-server-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        if (options.Profile != ForgeProfile.Tiny)
        {
            return new ServerWorkspace(root, ModelPreparation.Prepare(new EngineBenchOptions { DType = options.DType }, log));
        }

        var model = Path.Combine(root, "model");
        Forge.Write(new ForgeOptions { OutputDirectory = model, DTypes = [ForgeDTypes.Parse(options.DType.CliName())] });
        log.WriteLine($"Forged the tiny model ({options.DType.CliName()}) into {model}");
        return new ServerWorkspace(root, model);
    }

    /// <summary>Writes the benchmark's 10 s reference clip for a seed as a 16-bit WAV, as a user would upload it.</summary>
    public string VoiceClip(ulong seed)
    {
        var path = Path.Combine(Root, $"voice-{seed}.wav");
        if (!File.Exists(path))
        {
            WavWriter.WriteFile(path, new AudioClip(BenchInputs.Voice(seed), 1, SpeechTokens.SampleRate), WavSampleFormat.Pcm16);
        }

        return path;
    }

    /// <summary>A folder for one server's voice library or cache.</summary>
    public string Folder(string name) => Path.Combine(Root, name);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
