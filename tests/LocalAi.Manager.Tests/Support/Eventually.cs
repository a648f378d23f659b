namespace LocalAi.Manager.Tests.Support;

/// <summary>Waits for a condition with a deadline (polling, since the conditions are states of other processes).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out after {within.TotalSeconds} s waiting for {what}.");
            await Task.Delay(25);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan within, string what) => TrueAsync(() => Task.FromResult(condition()), within, what);
}
