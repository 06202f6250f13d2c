using Pipeline.Build;

namespace Pipeline.Components.Tooling;

/// <summary>Makes sure commands from Debian packages are present: quiet when they are, installs them as root on Debian, else names the command to run.</summary>
public static class DebianPackages
{
    /// <summary>Each name is both the package and the command it provides.</summary>
    public static async Task EnsureAsync(IBuildLog log, IReadOnlyList<string> packages, CancellationToken cancellationToken)
    {
        var missing = packages.Where(package => !OnPath(package)).ToList();
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
        await ProcessRunner.RunAsync(log, program, [.. prefix, "install", "-y", "-qq", .. missing], "/", cancellationToken);
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
