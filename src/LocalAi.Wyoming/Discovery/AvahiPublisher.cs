using System.Text;
using Tmds.DBus.Protocol;

namespace LocalAi.Wyoming.Discovery;

/// <summary>
/// Publishes one DNS-SD service through Avahi, the mDNS responder of Linux systems, over its D-Bus API: Avahi owns
/// UDP 5353, answers the queries, probes for conflicts and sends the goodbye when the entry is withdrawn. A name that
/// collides is replaced by Avahi's own alternative (<c>name #2</c>). Closing the connection withdraws the service
/// (Avahi frees the entry groups of a client that leaves), so a killed process leaves nothing announced.
/// </summary>
public sealed class AvahiPublisher : IAsyncDisposable
{
    private const string Avahi = "org.freedesktop.Avahi";
    private const string ServerInterface = "org.freedesktop.Avahi.Server";
    private const string EntryGroupInterface = "org.freedesktop.Avahi.EntryGroup";
    private const int AnyInterface = -1;
    private const int AnyProtocol = -1;
    private const int MaxCollisions = 32;

    private readonly DBusConnection connection;
    private readonly SemaphoreSlim gate = new(1, 1);
    private string? group;
    private IDisposable? stateWatch;

    private AvahiPublisher(DBusConnection connection, ZeroconfService service)
    {
        this.connection = connection;
        Service = service;
        PublishedName = service.InstanceName;
    }

    /// <summary>What is published.</summary>
    public ZeroconfService Service { get; }

    /// <summary>The instance name in use: the wanted one, or Avahi's alternative after a collision.</summary>
    public string PublishedName { get; private set; }

    /// <summary>Raised after a collision made Avahi publish under another name (the new name is the argument).</summary>
    public event Action<string>? Renamed;

    /// <summary>Connects to the system bus (or <paramref name="busAddress"/>) and publishes the service.</summary>
    /// <exception cref="ZeroconfUnavailableException">No D-Bus system bus, or no Avahi daemon on it.</exception>
    public static async Task<AvahiPublisher> PublishAsync(ZeroconfService service, string? busAddress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var address = busAddress ?? DBusAddress.System
            ?? throw new ZeroconfUnavailableException("no D-Bus system bus address is known on this machine");
        var connection = new DBusConnection(address);
        var publisher = new AvahiPublisher(connection, service);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            await publisher.RegisterAsync(cancellationToken).ConfigureAwait(false);
            return publisher;
        }
        catch (Exception e) when (e is DBusConnectionException or DBusErrorReplyException or IOException or System.Net.Sockets.SocketException)
        {
            await publisher.DisposeAsync().ConfigureAwait(false);
            throw new ZeroconfUnavailableException(Describe(e), e);
        }
        catch
        {
            await publisher.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Withdraws the service (Avahi sends the goodbye packets) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        stateWatch?.Dispose();
        if (group is not null)
        {
            try
            {
                await CallAsync(group, EntryGroupInterface, "Free").ConfigureAwait(false);
            }
            catch (Exception e) when (e is DBusConnectionException or DBusErrorReplyException or ObjectDisposedException)
            {
                // Avahi or the bus is gone: the entry went with it.
            }
        }

        connection.Dispose();
        gate.Dispose();
    }

    // A new entry group with the service in it, committed; a local name conflict takes Avahi's alternative name.
    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        group = await CallAsync("/", ServerInterface, "EntryGroupNew", reader: (m, _) => m.GetBodyReader().ReadObjectPathAsString()).ConfigureAwait(false);
        stateWatch = await connection.WatchSignalAsync(
            Avahi, group, EntryGroupInterface, "StateChanged",
            (m, _) => m.GetBodyReader().ReadInt32(),
            OnStateChangedAsync,
            ObserverFlags.None, false, null).ConfigureAwait(false);
        await AddAndCommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task AddAndCommitAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await CallAsync(group!, EntryGroupInterface, "AddService", "iiussssqaay", WriteService).ConfigureAwait(false);
                break;
            }
            catch (DBusErrorReplyException e) when (e.ErrorName == "org.freedesktop.Avahi.CollisionError" && attempt < MaxCollisions)
            {
                await TakeAlternativeNameAsync().ConfigureAwait(false);
            }
        }

        await CallAsync(group!, EntryGroupInterface, "Commit").ConfigureAwait(false);
    }

    // Entry group states (avahi-common/defs.h): 3 is a collision found after commit, 4 a failure.
    private async ValueTask OnStateChangedAsync(Notification<int> change)
    {
        if (!change.HasValue || change.Value != 3)
        {
            return;
        }

        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await CallAsync(group!, EntryGroupInterface, "Reset").ConfigureAwait(false);
            await TakeAlternativeNameAsync().ConfigureAwait(false);
            await AddAndCommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DBusConnectionException or DBusErrorReplyException or ObjectDisposedException)
        {
            // The bus or Avahi went away while renaming; the service is withdrawn with it.
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task TakeAlternativeNameAsync()
    {
        PublishedName = await CallAsync("/", ServerInterface, "GetAlternativeServiceName", "s", (ref MessageWriter w) => w.WriteString(PublishedName),
            (m, _) => m.GetBodyReader().ReadString()).ConfigureAwait(false);
        Renamed?.Invoke(PublishedName);
    }

    private void WriteService(ref MessageWriter writer)
    {
        writer.WriteInt32(AnyInterface);
        writer.WriteInt32(AnyProtocol);
        writer.WriteUInt32(0);
        writer.WriteString(PublishedName);
        writer.WriteString(Service.Type);
        writer.WriteString(string.Empty);
        writer.WriteString(string.Empty);
        writer.WriteUInt16(checked((ushort)Service.Port));
        var entries = writer.WriteArrayStart(DBusType.Array);
        foreach (var entry in Service.Txt)
        {
            writer.WriteArray(Encoding.UTF8.GetBytes(entry));
        }

        writer.WriteArrayEnd(entries);
    }

    private delegate void BodyWriter(ref MessageWriter writer);

    private Task<bool> CallAsync(string path, string @interface, string member, string? signature = null, BodyWriter? body = null) =>
        CallAsync<bool>(path, @interface, member, signature, body, static (_, _) => true);

    private Task<T> CallAsync<T>(string path, string @interface, string member, MessageValueReader<T> reader) =>
        CallAsync(path, @interface, member, null, null, reader);

    private Task<T> CallAsync<T>(string path, string @interface, string member, string? signature, BodyWriter? body, MessageValueReader<T> reader)
    {
        MessageBuffer message;
        var writer = connection.GetMessageWriter();
        try
        {
            writer.WriteMethodCallHeader(Avahi, path, @interface, member, signature, MessageFlags.None);
            body?.Invoke(ref writer);
            message = writer.CreateMessage();
        }
        finally
        {
            writer.Dispose();
        }

        return connection.CallMethodAsync(message, reader, null);
    }

    private static string Describe(Exception e) => e switch
    {
        DBusErrorReplyException { ErrorName: "org.freedesktop.DBus.Error.ServiceUnknown" } => "the Avahi daemon is not running (install and start avahi-daemon)",
        DBusErrorReplyException reply => $"Avahi refused: {reply.ErrorMessage}",
        _ => $"the D-Bus system bus cannot be reached ({e.Message})",
    };
}
