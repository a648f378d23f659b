using System.Diagnostics;
using System.Globalization;

namespace LocalAi.Router.Tests.Support;

/// <summary>A real Redis Cluster of three masters (no replicas) on loopback, each in its own temporary folder, without persistence.</summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private readonly List<Process> nodes;
    private readonly string directory;

    private RedisCluster(List<Process> nodes, string directory, IReadOnlyList<int> ports)
    {
        this.nodes = nodes;
        this.directory = directory;
        Configuration = string.Join(",", ports.Select(port => $"127.0.0.1:{port}"));
    }

    /// <summary>The StackExchange.Redis connection string naming every node.</summary>
    public string Configuration { get; }

    public static async Task<RedisCluster> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "localai-redis-cluster-" + Guid.NewGuid().ToString("N"));
        var ports = Enumerable.Range(0, 3).Select(_ => BusablePort()).ToList();
        var nodes = new List<Process>();
        var cluster = new RedisCluster(nodes, directory, ports);
        try
        {
            foreach (var port in ports)
            {
                var home = Directory.CreateDirectory(Path.Combine(directory, port.ToString(CultureInfo.InvariantCulture))).FullName;
                nodes.Add(await RedisServer.LaunchAsync(home, port, ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--appendonly", "no"]));
            }

            await RunCliAsync(["--cluster", "create", .. ports.Select(port => $"127.0.0.1:{port}"), "--cluster-replicas", "0", "--cluster-yes"]);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            foreach (var port in ports)
            {
                while (!(await RunCliAsync(["-p", port.ToString(CultureInfo.InvariantCulture), "cluster", "info"])).Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
                }
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            node.Kill();
            await node.WaitForExitAsync();
            node.Dispose();
        }

        Directory.Delete(directory, recursive: true);
    }

    // Each node also listens on its port + 10000 (the cluster bus), so the port must leave room for that.
    private static int BusablePort()
    {
        while (true)
        {
            var port = LoopbackPort.Free();
            if (port < 55000)
            {
                return port;
            }
        }
    }

    private static async Task<string> RunCliAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(Path.GetDirectoryName(RedisServer.Executable)!, "redis-cli")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"redis-cli {string.Join(' ', start.ArgumentList)} failed: {await output}{await error}");
    }
}
