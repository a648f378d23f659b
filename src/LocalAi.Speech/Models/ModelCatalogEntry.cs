using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Models;

/// <summary>
/// A model the store knows how to pull: where it lives on the hub, which files it needs besides the graphs, and which
/// dtypes each graph is published in.
/// </summary>
/// <param name="Id">The name users type, for example <c>chatterbox-turbo</c>.</param>
/// <param name="Repo">The Hugging Face repository, <c>owner/name</c>.</param>
/// <param name="Revision">The branch, tag or commit pulled when the caller names none.</param>
/// <param name="SharedFiles">Files every dtype needs, such as <c>tokenizer.json</c>.</param>
/// <param name="OptionalFiles">Files fetched when the repository has them and skipped when it answers 404.</param>
public sealed record ModelCatalogEntry(
    string Id,
    string Repo,
    string Revision,
    IReadOnlyList<string> SharedFiles,
    IReadOnlyList<string> OptionalFiles)
{
    /// <summary>The family the repository's graphs belong to.</summary>
    public ModelFamily Family { get; init; } = ModelFamily.Turbo;

    /// <summary>
    /// Graphs the repository publishes in fp32 only (every other graph comes in every dtype). A pull of another dtype
    /// takes those graphs in fp32, as the repository's own examples do.
    /// </summary>
    public IReadOnlyList<ChatterboxGraph> Fp32OnlyGraphs { get; init; } = [];

    /// <summary>The dtypes the repository publishes for at least one graph.</summary>
    public IReadOnlyList<ModelDType> DTypes { get; init; } = ModelDTypes.All;

    /// <summary>
    /// The selection a pull of <paramref name="requested"/> really fetches: each fp32-only graph that the request
    /// leaves at its default dtype is taken in fp32. An explicit per-graph override is kept as asked.
    /// </summary>
    /// <exception cref="FormatException">A dtype the repository does not publish at all.</exception>
    public GraphDTypes Fit(GraphDTypes requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        foreach (var dtype in requested.Distinct().Where(dtype => !DTypes.Contains(dtype)))
        {
            throw new FormatException(
                $"{Id} is not published in {dtype.CliName()}. Use one of: {string.Join(", ", DTypes.Select(d => d.CliName()))}.");
        }

        var overrides = new Dictionary<ChatterboxGraph, ModelDType>(requested.Overrides);
        foreach (var graph in Fp32OnlyGraphs.Where(graph => !requested.Overrides.ContainsKey(graph)))
        {
            overrides[graph] = ModelDType.Fp32;
        }

        return new GraphDTypes(requested.Default, overrides);
    }

    /// <summary>
    /// The dtypes a selection chose, leaving out the fp32 that fp32-only graphs take anyway: removing fp32 from the
    /// multilingual model removes its fp32 language model, not every selection that needs the fp32 speech encoder.
    /// </summary>
    public IEnumerable<ModelDType> Chosen(GraphDTypes dtypes)
    {
        ArgumentNullException.ThrowIfNull(dtypes);
        return ChatterboxGraphs.All
            .Where(graph => !(Fp32OnlyGraphs.Contains(graph) && dtypes.For(graph) == ModelDType.Fp32))
            .Select(dtypes.For)
            .Distinct();
    }

    /// <summary>Every file a pull of <paramref name="dtypes"/> fetches: each graph with its external data, then the shared files.</summary>
    /// <exception cref="FormatException">A dtype the repository does not publish at all.</exception>
    public IReadOnlyList<ModelFile> FilesFor(GraphDTypes dtypes)
    {
        var fitted = Fit(dtypes);
        var files = new List<ModelFile>();
        foreach (var graph in ChatterboxGraphs.All)
        {
            var dtype = fitted.For(graph);
            files.Add(new ModelFile(graph.GraphPath(dtype), Required: true, dtype));
            files.Add(new ModelFile(graph.DataPath(dtype), Required: true, dtype));
        }

        files.AddRange(SharedFiles.Select(path => new ModelFile(path, Required: true)));
        files.AddRange(OptionalFiles.Select(path => new ModelFile(path, Required: false)));
        return files;
    }

    /// <summary>The graph files (with their external data) of one dtype, for every graph.</summary>
    public static IEnumerable<string> GraphFilesOf(ModelDType dtype) =>
        ChatterboxGraphs.All.SelectMany(graph => new[] { graph.GraphPath(dtype), graph.DataPath(dtype) });
}
