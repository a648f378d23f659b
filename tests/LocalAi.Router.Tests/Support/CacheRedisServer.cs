using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LocalAi.Router.Tests.Support;

/// <summary>A real redis-server on a free loopback port in its own temporary folder, without persistence.</summary>
public sealed class CacheRedisServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly string directory;

    private CacheRedisServer(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Configuration = $"127.0.0.1:{port}";
    }

    /// <summary>The StackExchange.Redis connection string.</summary>
    public string Configuration { get; }

    /// <summary>Where redis-server is, or null when it is not installed.</summary>
    public static string? Executable { get; } = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    public static async Task<CacheRedisServer> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "localai-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("redis-server is not installed."))
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
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
                return new CacheRedisServer(process, directory, port);
            }
        }

        throw new InvalidOperationException("redis-server stopped before it was ready.");
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A test that needs redis-server: skipped with the reason when it is missing, unless CI is "true" (then it fails).</summary>
public sealed class CacheRedisFactAttribute : FactAttribute
{
    public CacheRedisFactAttribute()
    {
        if (CacheRedisServer.Executable is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "redis-server is not installed (apt-get install redis-server); CI=true makes this a failure instead.";
        }
    }
}
