namespace LocalAi.Speech.Audio;

/// <summary>How <see cref="ReferenceClip"/> prepares a voice-cloning clip; the defaults follow PyTorch Chatterbox.</summary>
public sealed record ReferenceClipOptions
{
    /// <summary>Normalise the clip's integrated loudness to <see cref="TargetLufs"/> (PyTorch's <c>norm_loudness=True</c>).</summary>
    public bool NormalizeLoudness { get; init; } = true;

    /// <summary>Loudness target in LUFS.</summary>
    public double TargetLufs { get; init; } = LoudnessNormalizer.DefaultTargetLufs;

    /// <summary>The clip must be longer than this many seconds.</summary>
    public double MinSeconds { get; init; } = 5;

    /// <summary>Only the first this many seconds are kept.</summary>
    public double MaxSeconds { get; init; } = 15;
}
