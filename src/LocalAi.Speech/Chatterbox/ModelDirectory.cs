using LocalAi.Speech.Models;

namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// A model directory in the Hugging Face layout of <c>ResembleAI/chatterbox-turbo-ONNX</c>: the graphs under
/// <c>onnx/</c>, each beside its external-data file, and <c>tokenizer.json</c> at the root. Checks that the files a
/// dtype selection needs are there and says what to do when they are not.
/// </summary>
public sealed class ModelDirectory
{
    /// <summary>The tokenizer file name at the root of the model directory.</summary>
    public const string TokenizerFile = "tokenizer.json";

    private ModelDirectory(string root, GraphDTypes dtypes)
    {
        Root = root;
        DTypes = dtypes;
    }

    /// <summary>The absolute path of the model directory.</summary>
    public string Root { get; }

    /// <summary>The dtype of each graph.</summary>
    public GraphDTypes DTypes { get; }

    /// <summary>The tokenizer.json path.</summary>
    public string TokenizerPath => Path.Combine(Root, TokenizerFile);

    /// <summary>The generation_config.json path (the multilingual export ships one; it may be absent).</summary>
    public string GenerationConfigPath => Path.Combine(Root, "generation_config.json");

    /// <summary>The absolute path of a graph's .onnx file.</summary>
    public string GraphPath(ChatterboxGraph graph) => Path.Combine(Root, graph.GraphPath(DTypes.For(graph)));

    /// <summary>Opens a model directory and checks every file the selection needs.</summary>
    /// <param name="path">The directory.</param>
    /// <param name="dtypes">The dtype of each graph.</param>
    /// <param name="modelId">The catalog id the directory holds, named in the pull commands the errors suggest.</param>
    /// <exception cref="ModelDirectoryException">The folder, a graph, its data file or the tokenizer is missing.</exception>
    public static ModelDirectory Open(string path, GraphDTypes dtypes, string? modelId = null)
    {
        modelId ??= ModelCatalog.ChatterboxTurbo.Id;
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(dtypes);
        var root = Path.GetFullPath(path);
        if (!Directory.Exists(root))
        {
            throw new ModelDirectoryException(
                $"The model directory '{root}' does not exist. Download the model with `localai models pull {modelId} --dtype {dtypes}` or pass --model-dir pointing at a copy of the Hugging Face repository.");
        }

        if (!Directory.Exists(Path.Combine(root, "onnx")))
        {
            var stray = Directory.EnumerateFiles(root, "*.onnx").Select(Path.GetFileName).FirstOrDefault();
            var hint = stray is null ? "" : $" It has '{stray}' at its root: move the .onnx files and their _data files into an onnx/ subfolder, as in the Hugging Face repository.";
            throw new ModelDirectoryException($"'{root}' is not a Chatterbox ONNX model directory: it has no onnx/ folder.{hint}");
        }

        var directory = new ModelDirectory(root, dtypes);
        foreach (var graph in ChatterboxGraphs.All)
        {
            var dtype = dtypes.For(graph);
            var graphFile = Path.Combine(root, graph.GraphPath(dtype));
            if (!File.Exists(graphFile))
            {
                throw new ModelDirectoryException(
                    $"The model directory has no {dtype.CliName()} {graph.BaseName()} graph ({graph.GraphPath(dtype)} is missing).{directory.AvailableHint()} " +
                    $"Pass --dtype with one of those, or run `localai models pull {modelId} --dtype {dtypes}`.");
            }

            if (!File.Exists(graphFile + "_data"))
            {
                throw new ModelDirectoryException(
                    $"{graph.DataPath(dtype)} is missing. Every graph needs its external-data file beside it under its original name; download it again with `localai models pull {modelId} --dtype {dtypes}`.");
            }
        }

        if (!File.Exists(directory.TokenizerPath))
        {
            throw new ModelDirectoryException($"{TokenizerFile} is missing from '{root}'. Download it with `localai models pull {modelId}`.");
        }

        return directory;
    }

    /// <summary>The dtypes whose four graphs are all present in a directory.</summary>
    public static IReadOnlyList<ModelDType> AvailableDTypes(string path) =>
        ModelDTypes.All.Where(d => ChatterboxGraphs.All.All(g => File.Exists(Path.Combine(path, g.GraphPath(d))))).ToList();

    private string AvailableHint()
    {
        var available = AvailableDTypes(Root);
        return available.Count == 0
            ? " It has no complete dtype at all."
            : $" Complete dtypes in it: {string.Join(", ", available.Select(d => d.CliName()))}.";
    }
}
