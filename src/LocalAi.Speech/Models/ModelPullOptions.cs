namespace LocalAi.Speech.Models;

/// <summary>Choices of one pull.</summary>
public sealed record ModelPullOptions
{
    /// <summary>The branch, tag or commit to pull; null for the catalogue's revision.</summary>
    public string? Revision { get; init; }

    /// <summary>Whether to fetch the default voice too.</summary>
    public bool IncludeVoice { get; init; } = true;
}
