using LocalAi.ModelForge;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// Finds or forges the <c>full</c> synthetic model (GPT-2 medium shape) for one dtype under
/// <c>.artifacts/bench-models/full-{dtype}</c>, so repeated runs reuse it.
/// </summary>
internal static class ModelPreparation
{
    public static string Prepare(EngineBenchOptions options, TextWriter log)
    {
        if (options.ModelDirectory is not null)
        {
            return Path.GetFullPath(options.ModelDirectory);
        }

        var directory = Path.Combine(RepositoryRoot(), ".artifacts", "bench-models", $"full-{options.DType.CliName()}");
        if (ModelDirectory.AvailableDTypes(directory).Contains(options.DType))
        {
            log.WriteLine($"Reusing {directory}");
        }
        else
        {
            Forge(options.DType, directory, log);
        }

        // The engine requires tokenizer.json although the benchmark feeds token ids directly.
        var tokenizer = Path.Combine(directory, ModelDirectory.TokenizerFile);
        if (!File.Exists(tokenizer))
        {
            WriteTokenizer(tokenizer);
        }

        return directory;
    }

    private static void Forge(ModelDType dtype, string directory, TextWriter log)
    {
        log.WriteLine($"Forging the full synthetic model ({dtype.CliName()}) into {directory} ...");
        // Forge beside the target and move it into place, so an interrupted forge never looks complete.
        var partial = directory + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }

        LocalAi.ModelForge.Forge.Write(new ForgeOptions
        {
            Profile = ForgeProfile.Full,
            DTypes = [ForgeDTypes.Parse(dtype.CliName())],
            OutputDirectory = partial,
            TokenizerJsonWriter = WriteTokenizer,
        });
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
