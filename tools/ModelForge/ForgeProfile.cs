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
/// <param name="Positions">Rows of the learned position table (GPT-2 <c>n_positions</c>; for Multilingual the speech-position table of <c>embed_tokens</c>).</param>
/// <param name="Family">The export whose contract the graphs follow.</param>
public sealed record ForgeProfile(string Name, int Layers, int Heads, int HeadDim, int MlpSize, int Positions, ForgeFamily Family = ForgeFamily.Turbo)
{
    /// <summary>For tests: 2 layers, 2 heads of 16, hidden 32; all five dtypes forge in well under 3 s.</summary>
    public static ForgeProfile Tiny { get; } = new("tiny", Layers: 2, Heads: 2, HeadDim: 16, MlpSize: 128, Positions: 2048);

    /// <summary>For benchmarks: GPT-2 medium shape with full-size embedding tables and head.</summary>
    public static ForgeProfile Full { get; } = new("full", Layers: 24, Heads: 16, HeadDim: 64, MlpSize: 4096, Positions: 8196);

    /// <summary>For tests: the multilingual contract at the tiny size (2 Llama layers, 2 heads of 16, hidden 32).</summary>
    public static ForgeProfile MultilingualTiny { get; } =
        new("multilingual-tiny", Layers: 2, Heads: 2, HeadDim: 16, MlpSize: 128, Positions: MultilingualContract.SpeechPositions, ForgeFamily.Multilingual);

    /// <summary>For benchmarks: the Llama-520M shape of Chatterbox Multilingual (30 layers, 16 heads of 64, MLP 4096).</summary>
    public static ForgeProfile MultilingualFull { get; } =
        new("multilingual-full", Layers: 30, Heads: 16, HeadDim: 64, MlpSize: 4096, Positions: MultilingualContract.SpeechPositions, ForgeFamily.Multilingual);

    /// <summary>Every profile, by command-line name.</summary>
    public static IReadOnlyList<ForgeProfile> All { get; } = [Tiny, Full, MultilingualTiny, MultilingualFull];

    /// <summary>Residual-stream width: heads × head width.</summary>
    public int Hidden => Heads * HeadDim;

    /// <summary>Rows of the text-embedding table: GPT-2 plus tags (Turbo) or the multilingual grapheme vocabulary.</summary>
    public int TextVocabSize => Family == ForgeFamily.Multilingual ? MultilingualContract.TextVocabSize : TurboContract.TextVocabSize;

    /// <summary>Rows of the speech-embedding table and width of the logits.</summary>
    public int SpeechVocabSize => Family == ForgeFamily.Multilingual ? MultilingualContract.SpeechVocabSize : TurboContract.SpeechVocabSize;

    /// <summary>Parses a profile name (<c>tiny</c>, <c>full</c>, <c>multilingual-tiny</c>, <c>multilingual-full</c>), ignoring case.</summary>
    /// <exception cref="FormatException">The name is none of them.</exception>
    public static ForgeProfile Parse(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new FormatException($"Unknown profile '{name}'. Use {string.Join(", ", All.Select(p => p.Name))}.");
}
