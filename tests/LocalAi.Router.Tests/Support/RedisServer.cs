using System.Diagnostics;
using System.Globalization;

namespace LocalAi.Router.Tests.Support;

/// <summary>A real redis-server on a free loopback port in its own temporary folder, without persistence unless asked for.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string directory;
    private readonly int port;
    private readonly bool appendOnly;
    private Process process;
    private int nextDatabase;

    private RedisServer(Process process, string directory, int port, bool appendOnly)
    {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.appendOnly = appendOnly;
        Configuration = $"127.0.0.1:{port}";
    }

    /// <summary>The StackExchange.Redis connection string (database 0).</summary>
    public string Configuration { get; }

    /// <summary>Where redis-server is, or null when it is not installed.</summary>
    public static string? Executable { get; } = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    /// <summary>Why Redis tests are skipped here, or null when they run: only a missing binary outside CI skips them (in CI they fail).</summary>
    public static string? SkipReason { get; } = Executable is null && Environment.GetEnvironmentVariable("CI") != "true"
        ? "redis-server is not installed (apt-get install redis-server); CI=true makes this a failure instead."
        : null;

    /// <summary>A connection string to a database (1 to 15) that no earlier caller of this server was given.</summary>
    public string NewDatabase() => $"{Configuration},defaultDatabase={(Interlocked.Increment(ref nextDatabase) % 15) + 1}";

    public static async Task<RedisServer> StartAsync() => await StartAsync(appendOnly: false);

    /// <summary>A server with append-only persistence, fsynced on every write, so a kill loses nothing it acknowledged.</summary>
    public static async Task<RedisServer> StartPersistentAsync() => await StartAsync(appendOnly: true);

    /// <summary>Kills the server: SIGKILL, so no clean shutdown and no final save; only what it had persisted survives.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>Starts the killed server again on the same port and folder (an append-only one reloads its file).</summary>
    public async Task StartAgainAsync()
    {
        process.Dispose();
        process = await LaunchAsync(directory, port, Persistence(appendOnly));
    }

    private static async Task<RedisServer> StartAsync(bool appendOnly)
    {
        var directory = Path.Combine(Path.GetTempPath(), "localai-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = LoopbackPort.Free();
        return new RedisServer(await LaunchAsync(directory, port, Persistence(appendOnly)), directory, port, appendOnly);
    }

    private static string[] Persistence(bool appendOnly) => appendOnly ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"];

    /// <summary>Starts redis-server on <paramref name="port"/> in <paramref name="directory"/> with <paramref name="arguments"/> and waits until it is ready.</summary>
    internal static async Task<Process> LaunchAsync(string directory, int port, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server)."))
        {
            ArgumentList = { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--dir", directory },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return process;
            }
        }

        throw new InvalidOperationException("redis-server stopped before it was ready.");
    }

    public async ValueTask DisposeAsync()
    {
        // A no-op when the test killed it already.
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}

/// <summary>One redis-server for a test class (<c>IClassFixture</c>), started only where Redis tests run.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? server;

    /// <summary>A connection string to a database no other test of this class uses.</summary>
    public string NewDatabase() => (server ?? throw new InvalidOperationException(RedisServer.SkipReason)).NewDatabase();

    public async Task InitializeAsync()
    {
        if (RedisServer.SkipReason is null)
        {
            server = await RedisServer.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

/// <summary>A test that needs redis-server: skipped with the reason when it is missing, unless CI is "true" (then it fails).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        Skip = RedisServer.SkipReason;
    }
}
