using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Models;

/// <summary>A model directory in the cache.</summary>
/// <param name="ModelId">The catalogue id.</param>
/// <param name="Repo">The Hugging Face repository it came from.</param>
/// <param name="Revision">The revision that was asked for.</param>
/// <param name="Commit">The commit the hub resolved the revision to, when it said.</param>
/// <param name="DTypes">The dtype selections whose files are all present.</param>
/// <param name="SizeBytes">The size of every file in the directory.</param>
/// <param name="Directory">The model directory, laid out like the repository (usable as <c>--model-dir</c>).</param>
public sealed record InstalledModel(
    string ModelId,
    string Repo,
    string Revision,
    string? Commit,
    IReadOnlyList<GraphDTypes> DTypes,
    long SizeBytes,
    string Directory);
