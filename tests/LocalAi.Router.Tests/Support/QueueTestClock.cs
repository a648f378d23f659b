namespace LocalAi.Router.Tests.Support;

/// <summary>A clock the test sets; timers still run in real time.</summary>
public sealed class QueueTestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
