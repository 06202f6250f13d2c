using System.Security.Cryptography;
using System.Text;
using Pipeline.Build.IO;

namespace Pipeline.Components.Containers;

/// <summary>
/// apt-cache's answers, kept on disk per question and per state of the package index: each call builds apt's cache
/// anew here (0.8–1 s), and Containerize asks two to four questions (the base's package set and versions, a runtime's
/// closure) whose answers change only when the index does. The key is the arguments and the size and modification
/// time of every file apt reads its index and settings from, so an <c>apt-get update</c> or a new source asks again.
/// Only answers of a successful run are kept.
/// </summary>
internal sealed class AptQueryMemo(string directory, IReadOnlyList<string> indexLocations, Func<IReadOnlyList<string>, CancellationToken, Task<(int ExitCode, string Output)>> ask)
{
    private static readonly EnumerationOptions Readable = new() { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 }; // lists/partial is apt's own

    /// <summary>Where apt reads the index and its settings from: the lists, dpkg's state and architectures, /etc/apt.</summary>
    public static readonly IReadOnlyList<string> AptLocations = ["/var/lib/apt/lists", "/var/lib/dpkg/status", "/var/lib/dpkg/arch", "/etc/apt"];

    /// <summary>The user's cache folder for these answers ($XDG_CACHE_HOME or ~/.cache, then pipeline/apt-cache).</summary>
    public static string DefaultDirectory =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "pipeline", "apt-cache");

    /// <summary>What apt-cache prints for <paramref name="arguments"/>: the kept answer while the index is as it was, else asked.</summary>
    public async Task<string> QueryAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var file = Path.Combine(directory, Key(arguments) + ".txt");
        try
        {
            if (File.Exists(file))
                return await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (IOException)
        {
            // unreadable: ask again
        }

        var (exitCode, output) = await ask(arguments, cancellationToken);
        if (exitCode == 0)
        {
            try
            {
                AtomicFile.WriteAllText(file, output);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // a read-only home only costs the next run the question again
            }
        }

        return output;
    }

    private string Key(IReadOnlyList<string> arguments)
    {
        var text = new StringBuilder("apt-cache 1\n");
        foreach (var argument in arguments)
            text.Append(argument).Append('\0');
        text.Append('\n');
        foreach (var location in indexLocations)
        {
            if (File.Exists(location))
                Stamp(text, new FileInfo(location));
            else if (Directory.Exists(location))
                foreach (var file in new DirectoryInfo(location).EnumerateFiles("*", Readable).OrderBy(file => file.FullName, StringComparer.Ordinal))
                    Stamp(text, file);
            else
                text.Append(location).Append("\tabsent\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Stamp(StringBuilder text, FileInfo file) =>
        text.Append(file.FullName).Append('\t').Append(file.Length).Append('\t').Append(file.LastWriteTimeUtc.Ticks).Append('\n');
}
