using Pipeline.Build;

namespace Pipeline.Components.Tooling;

/// <summary>Makes sure commands from Debian packages are present: quiet when they are, installs them as root on Debian, else names the command to run.</summary>
public static class DebianPackages
{
    /// <summary>Each name is both the package and the command it provides.</summary>
    public static Task EnsureAsync(IBuildLog log, IReadOnlyList<string> packages, CancellationToken cancellationToken) =>
        EnsureAsync(log, [.. packages.Select(package => (package, package))], cancellationToken);

    /// <summary>Each package with what shows it is installed: a command on PATH, or an absolute path (a helper such as /usr/lib/podman/netavark).</summary>
    public static async Task EnsureAsync(IBuildLog log, IReadOnlyList<(string Package, string Probe)> packages, CancellationToken cancellationToken)
    {
        var missing = packages.Where(package => !(Path.IsPathRooted(package.Probe) ? File.Exists(package.Probe) : OnPath(package.Probe))).Select(package => package.Package).ToList();
        if (missing.Count == 0)
            return;
        var command = $"apt-get install -y {string.Join(' ', missing)}";
        var asRoot = Environment.UserName == "root";
        if (!OnPath("apt-get") || (!asRoot && !await PasswordlessSudoAsync(cancellationToken)))
            throw new PackageInstallException($"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing. Install with: sudo {command}");
        log.Info($"Installing {string.Join(", ", missing)} (Debian packages)...");
        // as root directly; otherwise through passwordless sudo, as on hosted CI runners
        IReadOnlyList<string> prefix = asRoot ? [] : ["-n", "apt-get"];
        var program = asRoot ? "apt-get" : "sudo";
        await ProcessRunner.RunAsync(log, program, [.. prefix, "update", "-qq"], "/", cancellationToken);
        // in a job container only what is named (a CI job pays for every package); on a machine, as Debian recommends
        IReadOnlyList<string> recommends = Containers.ContainerHost.IsInsideContainer ? ["--no-install-recommends"] : [];
        // no pseudo-terminal for dpkg: its progress ("Reading database ... 5%") would fill the log line by line
        await ProcessRunner.RunAsync(log, new ToolCommand(program, [.. prefix, "install", "-y", "-qq", "-o", "Dpkg::Use-Pty=0", .. recommends, .. missing], "/")
            { Environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" } }, cancellationToken);
    }

    private static async Task<bool> PasswordlessSudoAsync(CancellationToken cancellationToken)
    {
        if (!OnPath("sudo"))
            return false;
        var result = await ProcessRunner.CaptureAsync(new ToolCommand("sudo", ["-n", "true"], "/") { ThrowOnFailure = false }, cancellationToken);
        return result.ExitCode == 0;
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, command)));
}
