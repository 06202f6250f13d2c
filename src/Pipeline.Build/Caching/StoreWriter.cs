using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Build.Caching;

/// <summary>
/// Who writes a store temporary: host, process id and process start time, written into the temporary's name
/// (<c>&lt;object&gt;.&lt;host&gt;~&lt;pid&gt;~&lt;start&gt;.&lt;random&gt;.tmp</c>), so a later writer can tell a temporary whose
/// writer died (removed whatever its age) from one still being written (left alone). A temporary of another host, or
/// without a writer in its name, is judged by age alone: its writer cannot be asked.
/// </summary>
internal static partial class StoreWriter
{
    private static readonly Lazy<string> Current = new(() =>
    {
        using var self = Process.GetCurrentProcess();
        return $"{Host}~{Environment.ProcessId}~{StartOf(self)}";
    });

    /// <summary>This process's writer id.</summary>
    public static string Id => Current.Value;

    /// <summary>A fresh temporary path for an object, named after this writer.</summary>
    public static string TemporaryFor(string destination) => $"{destination}.{Id}.{Guid.NewGuid():N}.tmp";

    /// <summary>True when the temporary's writer is this process or a process of this host that no longer runs; null when that cannot be told.</summary>
    public static bool? IsDead(string temporary)
    {
        var match = Writer().Match(Path.GetFileName(temporary));
        if (!match.Success || match.Groups["host"].Value != Host)
            return null;
        var id = $"{match.Groups["host"].Value}~{match.Groups["pid"].Value}~{match.Groups["start"].Value}";
        if (id == Id)
            return false;
        try
        {
            using var process = Process.GetProcessById(int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture));
            return StartOf(process) != match.Groups["start"].Value; // the pid was reused by another process
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return true;
        }
    }

    private static string Host => Sanitize().Replace(Environment.MachineName, "-");

    private static string StartOf(Process process)
    {
        try
        {
            return new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "0";
        }
    }

    [GeneratedRegex(@"\.(?<host>[A-Za-z0-9-]+)~(?<pid>[0-9]+)~(?<start>[0-9]+)\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex Writer();

    [GeneratedRegex("[^A-Za-z0-9-]")]
    private static partial Regex Sanitize();
}
