using System.Net.Sockets;

namespace LocalAi.Manager.Backends.Process;

// Whether something already accepts connections at an upstream's host and port. Checked before a start: if the port
// answers before the backend runs, the health poll would be answered by that stranger (an orphan of an earlier
// manager, another program) and requests would go to it.
internal static class PortProbe
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    public static async Task<bool> IsTakenAsync(Uri upstream, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(ConnectTimeout);
        try
        {
            await client.ConnectAsync(upstream.DnsSafeHost, upstream.Port, attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
