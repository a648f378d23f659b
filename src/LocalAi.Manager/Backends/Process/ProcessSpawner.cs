using System.Collections.Concurrent;

namespace LocalAi.Manager.Backends.Process;

// Linux sends the parent-death signal (PR_SET_PDEATHSIG) when the *thread* that forked the child ends, not the
// process; .NET forks on the thread that calls Process.Start, and thread-pool threads retire when idle. So every
// backend is started from this one thread, which lives as long as the manager, and its children die with it.
internal static class ProcessSpawner
{
    private static readonly BlockingCollection<Action> Work = [];
    private static readonly Thread Spawner = StartThread();

    public static Task<T> RunAsync<T>(Func<T> start)
    {
        GC.KeepAlive(Spawner);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                done.SetResult(start());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    private static Thread StartThread()
    {
        var thread = new Thread(() =>
        {
            foreach (var work in Work.GetConsumingEnumerable())
            {
                work();
            }
        })
        {
            IsBackground = true,
            Name = "localai-process-spawner",
        };
        thread.Start();
        return thread;
    }
}
