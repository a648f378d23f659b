using LocalAi.Wyoming.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalAi.Wyoming.Discovery;

/// <summary>
/// Announces the started <see cref="WyomingServer"/> as <c>_wyoming._tcp</c> through Avahi and withdraws it on stop.
/// A machine without Avahi keeps serving Wyoming on its port; the log says why it is not announced and how to fix it.
/// </summary>
public sealed partial class WyomingAnnouncer(WyomingServer server, string role, ILogger<WyomingAnnouncer> logger, string? busAddress = null) : IHostedService, IAsyncDisposable
{
    private AvahiPublisher? publisher;

    /// <summary>The instance name announced, once announced.</summary>
    public string? AnnouncedName => publisher?.PublishedName;

    /// <summary>Publishes the server's port (the server has started listening before this runs).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var service = ZeroconfService.Wyoming(role, Environment.MachineName, server.Port);
        try
        {
            publisher = await AvahiPublisher.PublishAsync(service, busAddress, cancellationToken).ConfigureAwait(false);
            publisher.Renamed += name => LogRenamed(logger, name);
            LogAnnounced(logger, publisher.PublishedName, service.Type, service.Port);
        }
        catch (ZeroconfUnavailableException e)
        {
            LogUnavailable(logger, e.Message, service.Port);
        }
    }

    /// <summary>Withdraws the announcement.</summary>
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        var current = Interlocked.Exchange(ref publisher, null);
        if (current is not null)
        {
            await current.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wyoming announced on the local network as '{Name}' ({Type}, port {Port})")]
    private static partial void LogAnnounced(ILogger logger, string name, string type, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wyoming: the announced name collided on the network; now announced as '{Name}'")]
    private static partial void LogRenamed(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Wyoming is not announced on the local network: {Reason}. It still listens on port {Port}; add it in Home Assistant by host and port, or run avahi-daemon (in Docker: mount /run/dbus/system_bus_socket)")]
    private static partial void LogUnavailable(ILogger logger, string reason, int port);
}
