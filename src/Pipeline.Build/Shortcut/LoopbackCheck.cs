using System.Net.Sockets;
using System.Text;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// The checks of an up-to-date record's unchanged targets (<see cref="UnchangedProof.Check"/>): a GET to each loopback
/// address, which must answer 2xx within a second. Manifest media types are accepted, so a registry serves a manifest
/// by digest as it stores it. One HTTP/1.1 request on a socket, not HttpClient: its handler stack costs a warm no-op
/// run more start-up time than the rest of the answer, and a loopback GET needs none of it (no TLS, proxy or redirect).
/// </summary>
internal static class LoopbackCheck
{
    private const int TimeoutMilliseconds = 1000;

    public static bool AllAnswer(IReadOnlyList<Uri> addresses)
    {
        foreach (var address in addresses)
        {
            if (!address.IsLoopback || address.Scheme != Uri.UriSchemeHttp || !Answers(address))
                return false;
        }

        return true;
    }

    private static bool Answers(Uri address)
    {
        try
        {
            using var client = new TcpClient(address.HostNameType == UriHostNameType.IPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork)
            {
                SendTimeout = TimeoutMilliseconds, ReceiveTimeout = TimeoutMilliseconds, NoDelay = true,
            };
            if (!client.ConnectAsync(address.Host.Trim('[', ']'), address.Port).Wait(TimeoutMilliseconds))
                return false;
            using var stream = client.GetStream();
            stream.Write(Encoding.ASCII.GetBytes(
                $"GET {address.PathAndQuery} HTTP/1.1\r\nHost: {address.Authority}\r\n"
                + "Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json, */*\r\n"
                + "Connection: close\r\n\r\n"));
            // the status line: "HTTP/1.1 200 OK"
            var buffer = new byte[64];
            var read = 0;
            while (read < 12)
            {
                var count = stream.Read(buffer, read, buffer.Length - read);
                if (count == 0)
                    break;
                read += count;
            }

            var status = Encoding.ASCII.GetString(buffer, 0, read);
            return status.StartsWith("HTTP/1.", StringComparison.Ordinal) && status.Length >= 12 && status[9] == '2';
        }
        catch (Exception exception) when (exception is SocketException or IOException or AggregateException or ObjectDisposedException)
        {
            return false;
        }
    }
}
