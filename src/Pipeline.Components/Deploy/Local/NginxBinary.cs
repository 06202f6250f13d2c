using Pipeline.Components.Tooling;

namespace Pipeline.Components.Deploy.Local;

/// <summary>
/// The nginx program of the local front: the machine's own if it has one, else Debian's package unpacked under the
/// state directory (<c>apt-get download</c> + <c>dpkg-deb -x</c>, no root, no service installed or started, nothing
/// under /etc touched). Its libraries (OpenSSL, PCRE2, zlib) are already on any machine that runs .NET and podman.
/// </summary>
internal static class NginxBinary
{
    private static readonly string[] Installed = ["/usr/sbin/nginx", "/usr/bin/nginx"];

    public static async Task<string> EnsureAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        if (Installed.FirstOrDefault(File.Exists) is { } installed)
            return installed;
        var root = Path.Combine(stateDirectory, "tools", "nginx");
        var program = Path.Combine(root, "usr", "sbin", "nginx");
        if (File.Exists(program))
            return program;

        var work = Path.Combine(stateDirectory, "tools", $"nginx.{Environment.ProcessId}.tmp");
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        try
        {
            var download = await ProcessRunner.CaptureAsync(new ToolCommand("apt-get", ["download", "nginx"], work) { ThrowOnFailure = false }, cancellationToken);
            var deb = Directory.GetFiles(work, "nginx_*.deb").FirstOrDefault()
                ?? throw new DeploymentFailedException(DeployOutcome.Failed,
                    $"The local deployment needs nginx (its zero-downtime front) and it could not be downloaded: {download.StandardError.Trim()} Run 'apt-get update' (a fresh container has no package lists), or install it: sudo apt-get install nginx");
            await ProcessRunner.CaptureAsync(new ToolCommand("dpkg-deb", ["-x", deb, Path.Combine(work, "root")], work), cancellationToken);
            if (Directory.Exists(root))
                Directory.Delete(root, recursive: true);
            Directory.Move(Path.Combine(work, "root"), root); // whole or absent: another build never sees half a tree
            return program;
        }
        finally
        {
            if (Directory.Exists(work))
                Directory.Delete(work, recursive: true);
        }
    }
}
