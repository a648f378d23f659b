namespace LocalAi.ModelForge;

/// <summary>What to forge and where.</summary>
public sealed record ForgeOptions
{
    /// <summary>The seed used when none is given: forged directories are reproducible by default.</summary>
    public const ulong DefaultSeed = 0x5EEDC0DE2025UL;

    /// <summary>Model size; <see cref="ForgeProfile.Tiny"/> unless set.</summary>
    public ForgeProfile Profile { get; init; } = ForgeProfile.Tiny;

    /// <summary>The dtype variants to write; every graph is written once per dtype.</summary>
    public IReadOnlyList<ForgeDType> DTypes { get; init; } = [ForgeDType.Fp32];

    /// <summary>The model directory (the root of the Hugging Face layout). Created if missing.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Seed of all weights: same seed, same bytes.</summary>
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>
    /// Writes <c>tokenizer.json</c> to the given path; null skips it. Defaults to <see cref="TokenizerJson.DefaultWriter"/>.
    /// </summary>
    public Action<string>? TokenizerJsonWriter { get; init; } = TokenizerJson.DefaultWriter;
}
