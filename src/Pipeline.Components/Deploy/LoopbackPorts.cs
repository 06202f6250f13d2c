using System.Net;
using System.Net.Sockets;

namespace Pipeline.Components.Deploy;

/// <summary>Ports on 127.0.0.1: whether one is free, and a free one (the kernel's choice).</summary>
internal static class LoopbackPorts
{
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
