using LocalAi.ModelForge;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// Finds or forges the <c>full</c> synthetic model (GPT-2 medium shape) for one dtype under
/// <c>.artifacts/bench-models/full-{dtype}-r{forge revision}</c>, so repeated runs reuse it. A model whose STOP is held off below a
/// cache position (<see cref="ForgeOptions.MinStopPosition"/>) gets its own folder, <c>…-stop{position}</c>.
/// </summary>
internal static class ModelPreparation
{
    // Part of every folder name, raised whenever the forge writes different graphs, so a folder an older forge wrote is
    // never reused: 2, 4-bit projections are MatMulNBits; 3, outputs come straight from their producing node (no Identity).
    private const int ForgeRevision = 3;

    public static string Prepare(EngineBenchOptions options, TextWriter log) =>
        options.ModelDirectory is not null ? Path.GetFullPath(options.ModelDirectory) : Prepare(options.DType, log);

    /// <summary>
    /// The given model directory, else the forged <c>full</c> model with STOP held off over the whole position table,
    /// so every generation really runs its budget, as a long sentence would (the engine runs unchanged).
    /// </summary>
    public static string PrepareStopFloor(string? modelDirectory, ModelDType dtype, TextWriter log) =>
        modelDirectory is not null ? Path.GetFullPath(modelDirectory) : Prepare(dtype, log, minStopPosition: ForgeProfile.Full.Positions);

    /// <summary>The forged <c>full</c> model of one dtype (or the full-size shape of another profile, such as <c>multilingual-full</c>).</summary>
    public static string Prepare(ModelDType dtype, TextWriter log, ForgeProfile? profile = null, int minStopPosition = 0)
    {
        profile ??= ForgeProfile.Full;
        var name = $"{profile.Name}-{dtype.CliName()}-r{ForgeRevision}";
        name += minStopPosition > 0 ? $"-stop{minStopPosition}" : "";
        var directory = Path.Combine(RepositoryRoot(), ".artifacts", "bench-models", name);
        if (ModelDirectory.AvailableDTypes(directory).Contains(dtype))
        {
            log.WriteLine($"Reusing {directory}");
        }
        else
        {
            Forge(dtype, directory, log, profile, minStopPosition);
        }

        // The engine requires tokenizer.json although the benchmark feeds token ids directly.
        var tokenizer = Path.Combine(directory, ModelDirectory.TokenizerFile);
        if (!File.Exists(tokenizer))
        {
            WriteTokenizer(tokenizer);
        }

        return directory;
    }

    private static void Forge(ModelDType dtype, string directory, TextWriter log, ForgeProfile profile, int minStopPosition)
    {
        log.WriteLine($"Forging the {profile.Name} synthetic model ({dtype.CliName()}) into {directory} ...");
        // Forge beside the target and move it into place, so an interrupted forge never looks complete.
        var partial = directory + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }

        // Turbo's GPT-2 tokenizer.json is written through WriteTokenizer; other families keep their forged text files.
        var options = new ForgeOptions
        {
            Profile = profile, DTypes = [ForgeDTypes.Parse(dtype.CliName())], OutputDirectory = partial, MinStopPosition = minStopPosition,
        };
        LocalAi.ModelForge.Forge.Write(profile.Family == ForgeFamily.Turbo ? options with { TokenizerJsonWriter = WriteTokenizer } : options);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.Move(partial, directory);
    }

    private static void WriteTokenizer(string path)
    {
        if (TokenizerJson.DefaultWriter is { } writer)
        {
            writer(path);
        }
        else
        {
            File.WriteAllText(path, "{}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LocalAi.slnx")))
            {
                return directory.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
