using LocalAi.ModelForge;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// Finds or forges the <c>full</c> synthetic model (GPT-2 medium shape) for one dtype under
/// <c>.artifacts/bench-models/full-{dtype}</c> (4-bit dtypes: <c>full-{dtype}-nbits</c>, so folders forged before
/// the forge wrote MatMulNBits are never reused), so repeated runs reuse it.
/// </summary>
internal static class ModelPreparation
{
    public static string Prepare(EngineBenchOptions options, TextWriter log) =>
        options.ModelDirectory is not null ? Path.GetFullPath(options.ModelDirectory) : Prepare(options.DType, log);

    /// <summary>The forged <c>full</c> model of one dtype.</summary>
    public static string Prepare(ModelDType dtype, TextWriter log)
    {
        var name = dtype is ModelDType.Q4 or ModelDType.Q4F16 ? $"full-{dtype.CliName()}-nbits" : $"full-{dtype.CliName()}";
        var directory = Path.Combine(RepositoryRoot(), ".artifacts", "bench-models", name);
        if (ModelDirectory.AvailableDTypes(directory).Contains(dtype))
        {
            log.WriteLine($"Reusing {directory}");
        }
        else
        {
            Forge(dtype, directory, log);
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
