using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Models;

/// <summary>
/// The local model cache: pulls models from the Hugging Face hub (resuming, verifying, atomic), finds installed
/// model directories for the engine, lists them and removes them. Model directories are plain copies of the
/// repository layout under <c>&lt;cache&gt;/models/&lt;owner&gt;--&lt;name&gt;/&lt;revision&gt;/</c>.
/// </summary>
public sealed class ModelStore : IDisposable
{
    private readonly HttpClient http;
    private readonly HubClient hub;
    private readonly FileDownloader downloader;

    /// <summary>Creates a store over <paramref name="options"/>.</summary>
    public ModelStore(ModelStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        // Redirects are followed by HubClient so the token stays on the endpoint's origin.
        http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(30) });
        var retry = new RetryPolicy(Math.Max(1, options.MaxAttempts), options.RetryDelay);
        hub = new HubClient(http, options.Token, retry);
        downloader = new FileDownloader(hub, retry);
    }

    /// <summary>Where the store keeps its files and how it reaches the hub.</summary>
    public ModelStoreOptions Options { get; }

    /// <summary>Where the default voice is stored once pulled.</summary>
    public string DefaultVoicePath => Path.Combine(Options.VoicesDirectory, Options.DefaultVoice.FileName);

    /// <summary>The directory a model's revision is (or would be) installed in.</summary>
    public string ModelDirectory(ModelCatalogEntry model, string? revision = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Path.Combine(RepoDirectory(model), SafeSegment(revision ?? model.Revision));
    }

    /// <summary>The installed directory holding every file <paramref name="dtypes"/> needs, or null when a pull is needed.</summary>
    /// <exception cref="ModelStoreException">The model id is unknown.</exception>
    public string? Resolve(string modelId, GraphDTypes dtypes, string? revision = null)
    {
        var model = Find(modelId);
        var directory = ModelDirectory(model, revision);
        return IsComplete(directory, model, Fit(model, dtypes)) ? directory : null;
    }

    /// <summary>The pulled default voice, or null when it has not been pulled.</summary>
    public string? ResolveDefaultVoice() => File.Exists(DefaultVoicePath) ? DefaultVoicePath : null;

    /// <summary>
    /// Downloads every file <paramref name="dtypes"/> needs (and the default voice unless told not to), skipping files
    /// already present and verified, and records them in the model directory's manifest.
    /// </summary>
    /// <exception cref="ModelStoreException">The hub is unreachable, refuses, lacks a required file, or a file fails verification.</exception>
    public async Task<InstalledModel> PullAsync(
        string modelId,
        GraphDTypes dtypes,
        ModelPullOptions? options = null,
        IProgress<ModelPullProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dtypes);
        options ??= new ModelPullOptions();
        var model = Find(modelId);
        dtypes = Fit(model, dtypes);
        var revision = options.Revision ?? model.Revision;
        var directory = ModelDirectory(model, revision);
        var voice = Options.DefaultVoice;

        using var modelLock = await DirectoryLock.AcquireAsync(directory, cancellationToken).ConfigureAwait(false);
        var files = await PlanAsync(model, revision, dtypes, cancellationToken).ConfigureAwait(false);
        var voiceFile = options.IncludeVoice ? await PlanVoiceAsync(voice, cancellationToken).ConfigureAwait(false) : null;
        var tracker = new PullProgressTracker(progress, files.Sum(f => f.Hub.Size ?? 0) + (voiceFile?.Size ?? 0));

        var manifest = ModelManifest.Read(directory) ?? new ModelManifest { Model = model.Id, Repo = model.Repo, Revision = revision };
        foreach (var (file, metadata) in files)
        {
            var got = await EnsureAsync(metadata, Path.Combine(directory, file.Path), file.Path, manifest.Find(file.Path), tracker, cancellationToken)
                .ConfigureAwait(false);
            manifest.Record(new ManifestFile(file.Path, got.Size, got.Sha256));
            manifest.Commit = metadata.Commit ?? manifest.Commit;
            // Written after every file so an interrupted pull still knows which files were verified.
            manifest.Write(directory);
        }

        if (!manifest.DTypes.Select(GraphDTypes.Parse).Contains(dtypes))
        {
            manifest.DTypes.Add(dtypes.ToString());
            manifest.Write(directory);
        }

        if (voiceFile is not null)
        {
            using var voiceLock = await DirectoryLock.AcquireAsync(Options.VoicesDirectory, cancellationToken).ConfigureAwait(false);
            await EnsureAsync(voiceFile, DefaultVoicePath, $"{voice.Repo}/{voice.Path}", null, tracker, cancellationToken).ConfigureAwait(false);
        }

        return Describe(directory, manifest, model);
    }

    /// <summary>Every model directory in the cache that has a manifest.</summary>
    public IReadOnlyList<InstalledModel> List()
    {
        if (!Directory.Exists(Options.ModelsDirectory))
        {
            return [];
        }

        var installed = new List<InstalledModel>();
        foreach (var directory in Directory.EnumerateDirectories(Options.ModelsDirectory).SelectMany(Directory.EnumerateDirectories).Order(StringComparer.Ordinal))
        {
            if (ModelManifest.Read(directory) is { } manifest)
            {
                installed.Add(Describe(directory, manifest, ModelCatalog.FindByRepo(manifest.Repo)));
            }
        }

        return installed;
    }

    /// <summary>
    /// Removes a model: every revision (or one), whole, or only one dtype's graph files. Shared files such as the
    /// tokenizer stay while another pulled dtype selection still needs them; the directory goes with the last one.
    /// </summary>
    /// <returns>Whether anything was removed.</returns>
    /// <exception cref="ModelStoreException">The model id is unknown.</exception>
    public async Task<bool> RemoveAsync(string modelId, ModelDType? dtype = null, string? revision = null, CancellationToken cancellationToken = default)
    {
        var model = Find(modelId);
        var repoDirectory = RepoDirectory(model);
        if (!Directory.Exists(repoDirectory))
        {
            return false;
        }

        var directories = revision is null
            ? Directory.GetDirectories(repoDirectory)
            : [ModelDirectory(model, revision)];
        var removed = false;
        foreach (var directory in directories.Where(Directory.Exists))
        {
            removed |= dtype is { } one
                ? await RemoveDTypeAsync(directory, model, one, cancellationToken).ConfigureAwait(false)
                : await RemoveDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
        }

        if (Directory.Exists(repoDirectory) && !Directory.EnumerateFileSystemEntries(repoDirectory).Any())
        {
            Directory.Delete(repoDirectory);
        }

        return removed;
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private static ModelCatalogEntry Find(string modelId) =>
        ModelCatalog.Find(modelId) ?? throw new ModelStoreException(
            ModelStoreErrorKind.UnknownModel,
            $"Unknown model '{modelId}'. Known models: {string.Join(", ", ModelCatalog.All.Select(m => m.Id))}.");

    private static GraphDTypes Fit(ModelCatalogEntry model, GraphDTypes dtypes)
    {
        try
        {
            return model.Fit(dtypes);
        }
        catch (FormatException e)
        {
            throw new ModelStoreException(ModelStoreErrorKind.NotFound, e.Message);
        }
    }

    private string RepoDirectory(ModelCatalogEntry model) => Path.Combine(Options.ModelsDirectory, SafeSegment(model.Repo));

    private static string SafeSegment(string name) => name.Replace("/", "--", StringComparison.Ordinal).Replace("\\", "--", StringComparison.Ordinal);

    /// <summary>Asks the hub about every file first, so a missing file fails the pull before anything is downloaded.</summary>
    private async Task<IReadOnlyList<(ModelFile File, HubFileMetadata Hub)>> PlanAsync(
        ModelCatalogEntry model, string revision, GraphDTypes dtypes, CancellationToken cancellationToken)
    {
        var files = model.FilesFor(dtypes);
        var answers = await Task.WhenAll(files.Select(file =>
            hub.HeadAsync(HubUrls.Resolve(Options.Endpoint, model.Repo, revision, file.Path), cancellationToken))).ConfigureAwait(false);

        var plan = new List<(ModelFile, HubFileMetadata)>();
        foreach (var (file, metadata) in files.Zip(answers))
        {
            if (metadata is not null)
            {
                plan.Add((file, metadata));
            }
            else if (file.Required)
            {
                var which = file.DType is { } dtype ? $" (dtype {dtype.CliName()})" : "";
                throw new ModelStoreException(
                    ModelStoreErrorKind.NotFound,
                    $"{file.Path}{which} is not in {model.Repo} at revision {revision} (404)."
                    + (file.DType is null ? "" : " That dtype may not be published for this graph: pick another with --dtype."));
            }
        }

        return plan;
    }

    private async Task<HubFileMetadata> PlanVoiceAsync(VoiceSource voice, CancellationToken cancellationToken) =>
        await hub.HeadAsync(HubUrls.Resolve(Options.Endpoint, voice.Repo, voice.Revision, voice.Path), cancellationToken).ConfigureAwait(false)
        ?? throw new ModelStoreException(
            ModelStoreErrorKind.NotFound, $"The default voice {voice.Path} is not in {voice.Repo} at revision {voice.Revision} (404).");

    /// <summary>Keeps a present file whose size (and sha256, when the hub gave one) match; downloads it otherwise.</summary>
    private async Task<DownloadedFile> EnsureAsync(
        HubFileMetadata metadata, string target, string name, ManifestFile? recorded, PullProgressTracker tracker, CancellationToken cancellationToken)
    {
        if (File.Exists(target))
        {
            var length = new FileInfo(target).Length;
            if ((metadata.Size ?? length) == length)
            {
                // The manifest's hash was computed when the file was verified; trusting it avoids rehashing gigabytes.
                var sha256 = recorded is { Sha256: { } known } && recorded.Size == length
                    ? known
                    : await FileHashes.Sha256Async(target, cancellationToken).ConfigureAwait(false);
                if (metadata.Sha256 is null || metadata.Sha256 == sha256)
                {
                    tracker.Finish(name, length);
                    return new DownloadedFile(length, sha256);
                }
            }
        }

        var got = await downloader.DownloadAsync(
            metadata, target, name, done => tracker.Report(name, done, metadata.Size), cancellationToken).ConfigureAwait(false);
        tracker.Finish(name, got.Size);
        return got;
    }

    private static bool IsComplete(string directory, ModelCatalogEntry model, GraphDTypes dtypes) =>
        Directory.Exists(directory)
        && model.FilesFor(dtypes).Where(f => f.Required).All(f => File.Exists(Path.Combine(directory, f.Path)));

    private static InstalledModel Describe(string directory, ModelManifest manifest, ModelCatalogEntry? model)
    {
        var dtypes = manifest.DTypes.Select(GraphDTypes.Parse)
            .Where(d => model is null || IsComplete(directory, model, d))
            .ToList();
        var size = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not (ModelManifest.FileName or DirectoryLock.FileName))
            .Sum(f => new FileInfo(f).Length);
        return new InstalledModel(manifest.Model, manifest.Repo, manifest.Revision, manifest.Commit, dtypes, size, directory);
    }

    private static async Task<bool> RemoveDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        using (await DirectoryLock.AcquireAsync(directory, cancellationToken).ConfigureAwait(false))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Where(e => Path.GetFileName(e) != DirectoryLock.FileName).ToList())
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }

        Directory.Delete(directory, recursive: true);
        return true;
    }

    private static async Task<bool> RemoveDTypeAsync(string directory, ModelCatalogEntry model, ModelDType dtype, CancellationToken cancellationToken)
    {
        List<GraphDTypes> remaining;
        var removed = false;
        using (await DirectoryLock.AcquireAsync(directory, cancellationToken).ConfigureAwait(false))
        {
            var manifest = ModelManifest.Read(directory) ?? InferManifest(directory, model);
            var selections = manifest.DTypes.Select(GraphDTypes.Parse).ToList();
            remaining = selections.Where(s => !model.Chosen(s).Contains(dtype)).ToList();
            if (remaining.Count > 0)
            {
                var needed = remaining.SelectMany(model.FilesFor).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
                var doomed = ModelCatalogEntry.GraphFilesOf(dtype).Concat(manifest.Files.Select(f => f.Path))
                    .Where(path => !needed.Contains(path))
                    .ToHashSet(StringComparer.Ordinal);
                foreach (var path in doomed.Select(p => Path.Combine(directory, p)).Where(File.Exists))
                {
                    File.Delete(path);
                    removed = true;
                }

                manifest.Files.RemoveAll(f => doomed.Contains(f.Path));
                manifest.DTypes.Clear();
                manifest.DTypes.AddRange(remaining.Select(s => s.ToString()));
                manifest.Write(directory);
                return removed || selections.Count != remaining.Count;
            }
        }

        // The last selection went: nothing left in the directory is needed.
        return await RemoveDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A manifest for a directory copied in by hand: every dtype whose graphs are all present.</summary>
    private static ModelManifest InferManifest(string directory, ModelCatalogEntry model)
    {
        var manifest = new ModelManifest { Model = model.Id, Repo = model.Repo, Revision = Path.GetFileName(directory) };
        manifest.DTypes.AddRange(model.DTypes.Select(GraphDTypes.Uniform).Select(model.Fit)
            .Where(d => IsComplete(directory, model, d))
            .Select(d => d.ToString()));
        return manifest;
    }
}
