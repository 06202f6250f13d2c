using System.Net;
using System.Net.Sockets;

namespace Pipeline.Tests.Shared;

/// <summary>A free TCP port on 127.0.0.1 for a fake or real server of a test.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
