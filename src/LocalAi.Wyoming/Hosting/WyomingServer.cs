using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using LocalAi.Wyoming.Session;
using LocalAi.Wyoming.Speech;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalAi.Wyoming.Hosting;

/// <summary>
/// The Wyoming TCP listener, hosted beside Kestrel: it listens when the service starts (so <see cref="Port"/> is known
/// then), serves each connection with its own <see cref="WyomingSession"/>, closes connections over
/// <see cref="WyomingServerOptions.MaxConnections"/> at once, and on stop cancels every session and waits for them.
/// </summary>
public sealed partial class WyomingServer(WyomingServerOptions options, IWyomingSpeaker speaker, ILogger<WyomingServer> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Task, bool> sessions = new();
    private TcpListener? listener;

    /// <summary>The port listened on, once started.</summary>
    public int Port { get; private set; }

    /// <summary>Listens, then starts accepting.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        listener = new TcpListener(Address(options.Host), options.Port);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        LogListening(logger, options.Host, Port);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener!.AcceptTcpClientAsync(stoppingToken).ConfigureAwait(false);
                if (sessions.Count >= options.MaxConnections)
                {
                    LogRefused(logger, options.MaxConnections);
                    client.Dispose();
                    continue;
                }

                var session = Task.Run(() => ServeAsync(client, stoppingToken), CancellationToken.None);
                sessions[session] = true;
                _ = session.ContinueWith(done => sessions.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            listener!.Stop();
            await Task.WhenAll(sessions.Keys).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Also releases the speaker when it holds resources (an HTTP client).</summary>
    public override void Dispose()
    {
        base.Dispose();
        (speaker as IDisposable)?.Dispose();
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stoppingToken)
    {
        using (client)
        {
            client.NoDelay = true;
            try
            {
                var connection = client.GetStream();
                await using (connection.ConfigureAwait(false))
                {
                    await new WyomingSession(connection, speaker, options.Program, options.Limits, logger).RunAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // The connection broke; nothing else is affected.
            }
#pragma warning disable CA1031 // One connection's fault must never stop the listener or reach the other clients.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogSessionFailed(logger, e);
            }
        }
    }

    private static IPAddress Address(string host) => host.Trim('[', ']') switch
    {
        "0.0.0.0" or "*" or "+" => IPAddress.Any,
        "::" => IPAddress.IPv6Any,
        var literal when IPAddress.TryParse(literal, out var address) => address,
        var name => Dns.GetHostAddresses(name)[0],
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Wyoming listening on {Host}:{Port}")]
    private static partial void LogListening(ILogger logger, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wyoming: refused a connection, {Max} are open")]
    private static partial void LogRefused(ILogger logger, int max);

    [LoggerMessage(Level = LogLevel.Error, Message = "Wyoming: a session failed")]
    private static partial void LogSessionFailed(ILogger logger, Exception exception);
}
