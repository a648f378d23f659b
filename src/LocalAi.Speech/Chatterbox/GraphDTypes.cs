using System.Text;

namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// The dtype chosen for each graph: one default plus optional per-graph overrides, because the official export
/// lets you mix them (for example fp16 <c>embed_tokens</c> with q4 for the rest).
/// </summary>
/// <param name="Default">The dtype of every graph without an override.</param>
/// <param name="Overrides">Per-graph exceptions to <paramref name="Default"/>.</param>
public sealed record GraphDTypes(ModelDType Default, IReadOnlyDictionary<ChatterboxGraph, ModelDType> Overrides)
{
    /// <summary>The same dtype for every graph.</summary>
    public static GraphDTypes Uniform(ModelDType dtype) => new(dtype, new Dictionary<ChatterboxGraph, ModelDType>());

    /// <summary>The dtype of one graph.</summary>
    public ModelDType For(ChatterboxGraph graph) => Overrides.TryGetValue(graph, out var dtype) ? dtype : Default;

    /// <summary>
    /// Parses <c>q4</c>, or a default followed by overrides: <c>q4,embed_tokens=fp16</c>.
    /// </summary>
    /// <exception cref="FormatException">An unknown dtype or graph name, or no default.</exception>
    public static GraphDTypes Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ModelDType? fallback = null;
        var overrides = new Dictionary<ChatterboxGraph, ModelDType>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                fallback = ModelDTypes.Parse(part);
                continue;
            }

            var name = part[..eq].Trim();
            var graph = ChatterboxGraphs.All.FirstOrDefault(g => g.BaseName() == name);
            if (graph.BaseName() != name)
            {
                throw new FormatException(
                    $"Unknown graph '{name}' in dtype '{text}'. Use one of: {string.Join(", ", ChatterboxGraphs.All.Select(g => g.BaseName()))}.");
            }

            overrides[graph] = ModelDTypes.Parse(part[(eq + 1)..]);
        }

        if (fallback is null)
        {
            throw new FormatException($"The dtype '{text}' names no default dtype; start it with one of fp32, fp16, q8, q4, q4f16.");
        }

        return new GraphDTypes(fallback.Value, overrides);
    }

    /// <summary>Every distinct dtype in use.</summary>
    public IEnumerable<ModelDType> Distinct() => ChatterboxGraphs.All.Select(For).Distinct();

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder(Default.CliName());
        foreach (var graph in ChatterboxGraphs.All)
        {
            if (Overrides.TryGetValue(graph, out var dtype) && dtype != Default)
            {
                text.Append(',').Append(graph.BaseName()).Append('=').Append(dtype.CliName());
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public bool Equals(GraphDTypes? other) => other is not null && ChatterboxGraphs.All.All(g => For(g) == other.For(g));

    /// <inheritdoc />
    public override int GetHashCode() => ChatterboxGraphs.All.Aggregate(0, (h, g) => HashCode.Combine(h, For(g)));
}
