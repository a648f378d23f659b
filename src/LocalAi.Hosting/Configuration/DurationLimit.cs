namespace LocalAi.Hosting.Configuration;

/// <summary>The longest duration a configuration key accepts, and why, as its error message says it.</summary>
/// <param name="Longest">The longest duration.</param>
/// <param name="Why">Words after the number in the message (<c>30 days</c>, <c>about 49 days, the longest timer</c>).</param>
public readonly record struct DurationLimit(TimeSpan Longest, string Why);
