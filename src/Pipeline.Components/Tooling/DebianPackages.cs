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
        if (!OnPath("apt-get") || Environment.UserName != "root")
            throw new TargetFailedException($"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing. Install with: sudo {command}");
        log.Info($"Installing {string.Join(", ", missing)} (Debian packages)...");
        await ProcessRunner.RunAsync(log, "apt-get", ["update", "-qq"], "/", cancellationToken);
        await ProcessRunner.RunAsync(log, "apt-get", ["install", "-y", "-qq", .. missing], "/", cancellationToken);
    }

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, command)));
}
