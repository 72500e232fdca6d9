using System.Net;
using System.Net.Sockets;

namespace Offline.Tor.Tests.Network;

/// <summary>Ports the OS reports free on 127.0.0.1 right now (bound and released; tor binds them a moment later).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
