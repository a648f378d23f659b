using LocalAi.TtsServer.Configuration;

namespace LocalAi.TtsServer.Catalog;

/// <summary>The names a request may use for the one model this server runs: its id and its aliases.</summary>
internal sealed class ModelNames(TtsServerOptions options)
{
    /// <summary>The model id.</summary>
    public string Id { get; } = options.ModelId;

    /// <summary>The id, then every alias.</summary>
    public IReadOnlyList<string> All { get; } = [options.ModelId, .. options.EffectiveModelAliases.Where(a => !a.Equals(options.ModelId, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Whether a requested model name is served here (ignoring case).</summary>
    public bool IsKnown(string name) => All.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase);
}
