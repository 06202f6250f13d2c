using System.Globalization;
using System.Text;
using Pipeline.Build.IO;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// What a run in which every target was up to date saw: its key, its header and status lines, and the stamp of every
/// file and folder its decisions read. While every stamp still holds, the same command would decide the same again.
/// One small text file per key under <c>.nuke/temp/up-to-date/</c>.
/// </summary>
internal sealed record UpToDateRecord(string Key, string Header, IReadOnlyList<(string Target, string Reason)> Targets, IReadOnlyDictionary<string, FileStamp?> Dependencies, IReadOnlyCollection<FolderStamp> Folders)
{
    public const string Folder = BuildLayout.TemporaryDirectory + "/up-to-date";
    private const string FirstLine = "pipeline up-to-date record 2";

    public static string PathFor(string rootDirectory, string key) => Path.Combine(rootDirectory, Folder, key[..24] + ".txt");

    public void Write(string rootDirectory)
    {
        var text = new StringBuilder(FirstLine).Append('\n');
        text.Append("key\t").Append(Key).Append('\n');
        text.Append("header\t").Append(OneLine(Header)).Append('\n');
        foreach (var (target, reason) in Targets)
            text.Append("target\t").Append(OneLine(target)).Append('\t').Append(OneLine(reason)).Append('\n');
        foreach (var (path, stamp) in Dependencies)
            text.Append(stamp is { } s
                ? string.Create(CultureInfo.InvariantCulture, $"file\t{s.Size}\t{s.ModifiedTicks}\t{s.ChangedTicks}\t{s.Inode}\t{path}\n")
                : $"absent\t{path}\n");
        foreach (var folder in Folders)
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"folder\t{folder.Stamp.Size}\t{folder.Stamp.ModifiedTicks}\t{folder.Stamp.ChangedTicks}\t{folder.Stamp.Inode}\t{folder.Listing}\t{OneLine(folder.Spec)}\t{folder.Path}\n"));
        var file = PathFor(rootDirectory, Key);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        AtomicFile.WriteAllText(file, text.ToString());
    }

    /// <summary>The record for this key, or null when there is none or it cannot be read whole.</summary>
    public static UpToDateRecord? Read(string rootDirectory, string key)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(PathFor(rootDirectory, key));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (lines is not [FirstLine, var keyLine, var headerLine, ..] || keyLine != "key\t" + key || !headerLine.StartsWith("header\t", StringComparison.Ordinal))
            return null;
        var targets = new List<(string, string)>();
        var dependencies = new Dictionary<string, FileStamp?>(StringComparer.Ordinal);
        var folders = new List<FolderStamp>();
        foreach (var line in lines.Skip(3))
        {
            var fields = line.Split('\t');
            switch (fields)
            {
                case ["target", var name, var reason]:
                    targets.Add((name, reason));
                    break;
                case ["absent", var path]:
                    dependencies[path] = null;
                    break;
                case ["file", var size, var modified, var changed, var inode, var path] when ParseStamp(size, modified, changed, inode) is { } stamp:
                    dependencies[path] = stamp;
                    break;
                case ["folder", var size, var modified, var changed, var inode, var listing, var spec, var path] when ParseStamp(size, modified, changed, inode) is { } stamp:
                    folders.Add(new FolderStamp(path, stamp, spec, listing));
                    break;
                default:
                    return null; // torn or foreign: the full run decides, and records again
            }
        }

        return targets.Count == 0 ? null : new UpToDateRecord(key, headerLine["header\t".Length..], targets, dependencies, folders);
    }

    /// <summary>Whether every file and folder is as recorded (absent ones still absent).</summary>
    public bool StillHolds(string rootDirectory)
    {
        foreach (var (path, recorded) in Dependencies)
        {
            if (recorded is null)
            {
                if (Path.Exists(path))
                    return false;
                continue;
            }

            if (StampOf(path) != recorded)
                return false;
        }

        // a folder's stamp changes with any entry; what counts is whether the entries the inputs depend on are the same
        return Folders.All(folder => StampOf(folder.Path) == folder.Stamp || FolderListing.Of(rootDirectory, folder.Path, folder.Spec) == folder.Listing);
    }

    private static FileStamp? StampOf(string path)
    {
        try
        {
            return FileStamp.Of(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static FileStamp? ParseStamp(string size, string modified, string changed, string inode) =>
        long.TryParse(size, CultureInfo.InvariantCulture, out var s) && long.TryParse(modified, CultureInfo.InvariantCulture, out var m)
        && long.TryParse(changed, CultureInfo.InvariantCulture, out var c) && ulong.TryParse(inode, CultureInfo.InvariantCulture, out var i)
            ? new FileStamp(s, m, c, i)
            : null;

    private static string OneLine(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
