using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Models;

/// <summary>
/// A model the store knows how to pull: where it lives on the hub and which files it needs besides the graphs.
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
    /// <summary>Every file a pull of <paramref name="dtypes"/> fetches: each graph with its external data, then the shared files.</summary>
    public IReadOnlyList<ModelFile> FilesFor(GraphDTypes dtypes)
    {
        ArgumentNullException.ThrowIfNull(dtypes);
        var files = new List<ModelFile>();
        foreach (var graph in ChatterboxGraphs.All)
        {
            var dtype = dtypes.For(graph);
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
