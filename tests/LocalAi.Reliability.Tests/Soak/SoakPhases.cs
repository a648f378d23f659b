namespace LocalAi.Reliability.Tests.Soak;

/// <summary>The warm-up every soak runs before its first measurement: pools, caches and the JIT fill up here.</summary>
internal static class SoakPhases
{
    public const int WarmUpRequests = 300;

    public static TimeSpan WarmUpTime => TimeSpan.FromSeconds(8);
}
