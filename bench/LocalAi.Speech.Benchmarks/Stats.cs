namespace LocalAi.Speech.Benchmarks;

/// <summary>Summaries of repeated timings: medians resist the outliers a shared machine produces.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No values to summarise.", nameof(values));
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="repeat"/> times and returns each duration in milliseconds.</summary>
    public static double[] Time(int repeat, Action action)
    {
        var durations = new double[repeat];
        for (var i = 0; i < repeat; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            action();
            durations[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return durations;
    }

    /// <summary>The nearest-rank percentile (<paramref name="fraction"/> of 1) of <paramref name="values"/>.</summary>
    public static double Percentile(IEnumerable<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1))];
    }
}
