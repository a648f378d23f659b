namespace LocalAi.Testing;

/// <summary>
/// The one way the tests wait: ask an observable condition again every interval until it holds or a deadline passes
/// (never a fixed sleep standing in for synchronisation). Past the deadline it throws a <see cref="TimeoutException"/>
/// that names what was awaited.
/// </summary>
internal static class Poll
{
    /// <summary>How long a wait lasts when the caller names no deadline.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    /// <summary>How often the condition is asked when the caller names no interval.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>Returns once <paramref name="condition"/> holds; past <paramref name="within"/> (30 s when null) throws naming <paramref name="what"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, within);

    /// <summary>Returns once <paramref name="condition"/> holds; past <paramref name="within"/> (30 s when null) throws naming <paramref name="what"/>.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null) =>
        UntilAsync(condition, within ?? DefaultDeadline, () => Task.FromResult($"waiting for {what}"));

    /// <summary>
    /// Returns once <paramref name="condition"/> holds; past <paramref name="within"/> throws with the words of
    /// <paramref name="describe"/>, asked at that moment (so they can say what was last seen).
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, Func<Task<string>> describe, TimeSpan? interval = null)
    {
        if (!await TryUntilAsync(condition, within, interval))
        {
            throw new TimeoutException($"Timed out after {within.TotalSeconds} s: {await describe()}");
        }
    }

    /// <summary>True once <paramref name="condition"/> holds; false, instead of throwing, past <paramref name="within"/>.</summary>
    public static async Task<bool> TryUntilAsync(Func<Task<bool>> condition, TimeSpan within, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            // Polling interval of an observable condition, not a stand-in for an event.
            await Task.Delay(interval ?? DefaultInterval);
        }

        return true;
    }
}
