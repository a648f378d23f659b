using System.Net;
using System.Net.Sockets;

namespace LocalAi.Router.Tests.Support;

/// <summary>Picks a loopback port that is free now, for a server that must be started (or started again) at a known address.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
