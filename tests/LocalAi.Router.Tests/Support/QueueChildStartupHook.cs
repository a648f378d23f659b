using LocalAi.Router.Tests.Support;

#pragma warning disable CA1050 // The runtime finds a startup hook only as a type named StartupHook outside any namespace.

/// <summary>Runs <see cref="QueueChild"/> when this assembly is started as a child process with the hook set; otherwise nothing.</summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(QueueChild.DataVariable) is { Length: > 0 } dataDirectory)
        {
            QueueChild.Run(dataDirectory);
        }
    }
}
