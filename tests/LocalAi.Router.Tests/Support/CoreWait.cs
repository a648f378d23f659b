namespace LocalAi.Router.Tests.Support;

/// <summary>Waits for an observable condition with a deadline (never a fixed sleep standing in for synchronisation).</summary>
public static class CoreWait
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        await UntilAsync(() => Task.FromResult(condition()), what, deadline);
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var giveUp = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            // Polling interval of an observable condition, not a stand-in for an event.
            await Task.Delay(20);
        }
    }
}
