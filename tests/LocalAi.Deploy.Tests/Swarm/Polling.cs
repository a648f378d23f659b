namespace LocalAi.Deploy.Tests.Swarm;

/// <summary>Waits for a condition by asking it again every 250 ms, up to a deadline: no sleep stands in for an event.</summary>
internal static class Polling
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns once <paramref name="condition"/> holds; past <paramref name="timeout"/> throws with <paramref name="describe"/>'s words (or returns, when told not to throw).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe, bool throwOnTimeout = true)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                if (throwOnTimeout)
                {
                    throw new TimeoutException($"Not within {timeout}: {await describe()}");
                }

                return;
            }

            await Task.Delay(Interval);
        }
    }
}
