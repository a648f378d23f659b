using System.Globalization;

namespace LocalAi.Speech.Audio;

/// <summary>The reference clip is not longer than the minimum Chatterbox needs.</summary>
public sealed class ReferenceClipTooShortException : ReferenceClipException
{
    /// <summary>Creates the exception for a clip of the given length.</summary>
    public ReferenceClipTooShortException(double durationSeconds, double minSeconds)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"The reference clip is {durationSeconds:0.0} s long; Chatterbox needs more than {minSeconds:0.##} s of speech. Record a longer clip (10 s is ideal)."))
    {
        DurationSeconds = durationSeconds;
        MinSeconds = minSeconds;
    }

    /// <summary>Length of the rejected clip in seconds.</summary>
    public double DurationSeconds { get; }

    /// <summary>The length the clip had to exceed.</summary>
    public double MinSeconds { get; }
}
