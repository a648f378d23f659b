using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Queue;

/// <summary>
/// How one of the queue's loops (worker, webhook sender, housekeeping) meets a job store that keeps failing (Redis
/// down, disk full): after each failure in a row its wait doubles, from its normal <c>interval</c> up to
/// <see cref="MaxDelay"/>, and the first answer brings the interval back. The outage is logged once when it starts (a
/// warning with the error), at Debug on each further failure, and once when the store answers again, not as a warning
/// on every attempt. One instance per loop, used by that loop alone.
/// </summary>
/// <param name="activity">The loop, as the log lines name it ("The queue worker").</param>
/// <param name="interval">The loop's wait while the store answers.</param>
/// <param name="time">The clock the outage is timed by.</param>
/// <param name="logger">Where the outage is logged.</param>
internal sealed partial class StoreBackoff(string activity, TimeSpan interval, TimeProvider time, ILogger logger)
{
    /// <summary>The longest wait between attempts while they fail (unless the loop's own interval is longer).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private int failures;
    private long failingSince;

    /// <summary>The wait before the next attempt: the interval, doubled for each failure in a row.</summary>
    public TimeSpan Delay => DelayAfter(failures, interval);

    /// <summary>Counts a failed attempt; logs a warning when it is the first in a row.</summary>
    public void Failed(Exception exception)
    {
        if (++failures == 1)
        {
            failingSince = time.GetTimestamp();
            LogFailing(exception, activity, Math.Max(MaxDelay.TotalSeconds, interval.TotalSeconds));
        }
        else
        {
            LogStillFailing(exception, activity, failures, Delay.TotalSeconds);
        }
    }

    /// <summary>Counts an attempt the store answered; after failures, logs that it answers again.</summary>
    public void Answered()
    {
        if (failures > 0)
        {
            LogAnswersAgain(activity, failures, time.GetElapsedTime(failingSince).TotalSeconds);
            failures = 0;
        }
    }

    /// <summary>
    /// The wait after <paramref name="failures"/> failures in a row: <paramref name="interval"/>, doubled for each, at
    /// most <see cref="MaxDelay"/> (or <paramref name="interval"/> when that is longer: backing off never polls faster).
    /// </summary>
    internal static TimeSpan DelayAfter(int failures, TimeSpan interval)
    {
        var longest = interval > MaxDelay ? interval : MaxDelay;
        var delay = interval;
        for (var i = 0; i < failures && delay < longest; i++)
        {
            delay *= 2;
        }

        return delay < longest ? delay : longest;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Activity}: the job store failed; trying again, less often while it keeps failing (up to every {MaxSeconds} s)")]
    private partial void LogFailing(Exception exception, string activity, double maxSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Activity}: the job store failed again ({Failures} in a row); next attempt in {DelaySeconds} s")]
    private partial void LogStillFailing(Exception exception, string activity, int failures, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Activity}: the job store answers again after {Failures} failures / {Seconds:0.#} s")]
    private partial void LogAnswersAgain(string activity, int failures, double seconds);
}
