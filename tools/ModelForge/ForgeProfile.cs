namespace LocalAi.ModelForge;

/// <summary>
/// The size of a forged model. Every number here is visible in the graphs' I/O shapes, because the engine
/// reads layer count, heads and widths from metadata.
/// </summary>
/// <param name="Name">Command-line name of the profile.</param>
/// <param name="Layers">Transformer blocks of the language model.</param>
/// <param name="Heads">Attention (and KV) heads.</param>
/// <param name="HeadDim">Width of one head.</param>
/// <param name="MlpSize">Inner width of the MLP.</param>
/// <param name="Positions">Rows of the learned position table (GPT-2 <c>n_positions</c>).</param>
public sealed record ForgeProfile(string Name, int Layers, int Heads, int HeadDim, int MlpSize, int Positions)
{
    /// <summary>For tests: 2 layers, 2 heads of 16, hidden 32; all five dtypes forge in well under 3 s.</summary>
    public static ForgeProfile Tiny { get; } = new("tiny", Layers: 2, Heads: 2, HeadDim: 16, MlpSize: 128, Positions: 2048);

    /// <summary>For benchmarks: GPT-2 medium shape with full-size embedding tables and head.</summary>
    public static ForgeProfile Full { get; } = new("full", Layers: 24, Heads: 16, HeadDim: 64, MlpSize: 4096, Positions: 8196);

    /// <summary>Residual-stream width: heads × head width.</summary>
    public int Hidden => Heads * HeadDim;

    /// <summary>Parses <c>tiny</c> or <c>full</c>, ignoring case.</summary>
    /// <exception cref="FormatException">The name is neither.</exception>
    public static ForgeProfile Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "tiny" => Tiny,
        "full" => Full,
        _ => throw new FormatException($"Unknown profile '{name}'. Use tiny or full."),
    };
}
