using System.Diagnostics;
using System.Globalization;
using Pipeline.Build;

namespace Pipeline.Components.Tooling;

/// <summary>
/// A helper process that outlives the build (the local registry, the local front): started detached, known by its
/// pid file, and ours only while that pid's command line is still the program serving our configuration (a reused
/// pid is not, nor another user's process), so a stranger's process is never used or stopped.
/// </summary>
internal static class OwnedProcess
{
    /// <summary>Runs <paramref name="script"/> with sh in a new session (setsid --fork): detached from this process group, as a daemon would be.</summary>
    public static Task StartDetachedAsync(IBuildLog log, string script, string workingDirectory, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(log, new ToolCommand("setsid", ["--fork", "sh", "-c", script], workingDirectory) { Quiet = true }, cancellationToken);

    /// <summary>The pid in <paramref name="pidFile"/>, if that process's arguments (its /proc cmdline) pass <paramref name="isOurs"/>.</summary>
    public static int? Find(string pidFile, Func<string[], bool> isOurs)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return null;
        try
        {
            return isOurs(File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries)) ? pid : null;
        }
        catch (IOException)
        {
            return null; // no such process
        }
        catch (UnauthorizedAccessException)
        {
            return null; // another user's process: not ours
        }
    }

    /// <summary>Kills the process and its children and waits (at most 10 s); false when it was already gone.</summary>
    public static bool Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
            return true;
        }
        catch (ArgumentException)
        {
            return false; // gone meanwhile
        }
    }
}
