using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using CliWrap;
using CliWrap.Buffered;

namespace Pipeline.IntegrationTests;

/// <summary>
/// A real docker-registry serving TLS with a self-signed certificate (openssl) on this machine's first
/// non-loopback address: a registry the build must verify, since only loopback is exempt.
/// </summary>
internal sealed class TlsRegistry : IDisposable
{
    private readonly Process process;

    private TlsRegistry(string address, string caFile, Process process)
    {
        Address = address;
        CaFile = caFile;
        this.process = process;
    }

    /// <summary>host:port.</summary>
    public string Address { get; }

    /// <summary>The certificate (self-signed: its own CA), PEM.</summary>
    public string CaFile { get; }

    public static async Task<TlsRegistry> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var host = NonLoopbackAddress();
        var port = FreePort(host);
        Directory.CreateDirectory(directory);
        var certificate = Path.Combine(directory, "cert.pem");
        var key = Path.Combine(directory, "key.pem");
        var openssl = await Cli.Wrap("openssl")
            .WithArguments(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
                "-subj", "/CN=pipeline-tls-test", "-addext", $"subjectAltName=IP:{host}"])
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken);
        if (openssl.ExitCode != 0)
            throw new InvalidOperationException("openssl could not make the test certificate: " + openssl.StandardError);
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
            http:
              addr: {host}:{port}
              tls:
                certificate: {certificate}
                key: {key}
            """, cancellationToken);
        var process = Process.Start(new ProcessStartInfo("docker-registry", ["serve", config]) { RedirectStandardError = true, RedirectStandardOutput = true })
                      ?? throw new InvalidOperationException("docker-registry did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new TlsRegistry($"{host}:{port}", certificate, process);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, cancellationToken);
                return registry;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        registry.Dispose();
        throw new InvalidOperationException($"The TLS registry did not listen on {host}:{port} within 10 s.");
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    private static string NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(network => network.OperationalStatus == OperationalStatus.Up && network.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(network => network.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))?.ToString()
        ?? throw new InvalidOperationException("This machine has no non-loopback IPv4 address to serve the TLS registry on (the test needs one: loopback registries are exempt from verification).");

    private static int FreePort(string host)
    {
        using var listener = new TcpListener(IPAddress.Parse(host), 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
