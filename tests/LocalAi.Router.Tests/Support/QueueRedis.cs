using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LocalAi.Router.Tests.Support;

/// <summary>A real redis-server on a free loopback port, without persistence; each test takes its own database.</summary>
public sealed class QueueRedis : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "localai-queue-redis-" + Guid.NewGuid().ToString("N"));
    private Process? server;
    private int nextDatabase;

    public int Port { get; private set; }

    /// <summary>A connection string to a database no other test of this fixture uses.</summary>
    public string NewDatabase() => $"127.0.0.1:{Port},defaultDatabase={Interlocked.Increment(ref nextDatabase) % 16}";

    public async Task InitializeAsync()
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: the Redis queue tests need it (apt-get install redis-server).");
        Directory.CreateDirectory(directory);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        server = Process.Start(new ProcessStartInfo(binary)
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory },
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? line;
        do
        {
            line = await server.StandardOutput.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("redis-server exited before it was ready.");
        }
        while (!line.Contains("Ready to accept connections", StringComparison.Ordinal));
    }

    public Task DisposeAsync()
    {
        server?.Kill();
        server?.WaitForExit();
        server?.Dispose();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }
}
