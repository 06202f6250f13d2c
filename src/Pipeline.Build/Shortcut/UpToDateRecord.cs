using System.Globalization;
using System.Text;
using Pipeline.Build.IO;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// What a run in which every target was up to date saw: its key, its header and status lines, and the stamp of every
/// file and folder its decisions read. While every stamp still holds, the same command would decide the same again.
/// One small text file per key under <c>.nuke/temp/up-to-date/</c>.
/// </summary>
internal sealed record UpToDateRecord(string Key, string Header, IReadOnlyList<RecordedTarget> Targets, IReadOnlyList<FileDependency> Dependencies, IReadOnlyList<FolderStamp> Folders)
{
    public const string Folder = BuildLayout.TemporaryDirectory + "/up-to-date";
    private const string FirstLine = "pipeline up-to-date record 5";
    private const string LastLine = "end"; // a record cut short (written without a flush, then a power loss) is not read

    public static string PathFor(string rootDirectory, string key) => Path.Combine(rootDirectory, Folder, key[..24] + ".txt");

    public void Write(string rootDirectory)
    {
        var text = new StringBuilder(FirstLine).Append('\n');
        text.Append("key\t").Append(Key).Append('\n');
        text.Append("header\t").Append(OneLine(Header)).Append('\n');
        foreach (var (target, reason, check) in Targets)
        {
            text.Append("target\t").Append(OneLine(target)).Append('\t').Append(OneLine(reason));
            if (check is not null)
                text.Append('\t').Append(check.AbsoluteUri);
            text.Append('\n');
        }
        // appended in place (no string per line): a record of a stage over 100,000 files has as many lines
        foreach (var (path, stamp) in Dependencies)
        {
            if (stamp is { } s)
                text.Append(CultureInfo.InvariantCulture, $"file\t{s.Size}\t{s.ModifiedTicks}\t{s.ChangedTicks}\t{s.Inode}\t{path}\n");
            else
                text.Append("absent\t").Append(path).Append('\n');
        }

        foreach (var folder in Folders)
            text.Append(CultureInfo.InvariantCulture,
                $"folder\t{folder.Stamp.Size}\t{folder.Stamp.ModifiedTicks}\t{folder.Stamp.ChangedTicks}\t{folder.Stamp.Inode}\t{folder.Listing}\t{OneLine(folder.Spec)}\t{folder.Path}\n");
        text.Append(LastLine).Append('\n');
        var file = PathFor(rootDirectory, Key);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        AtomicFile.WriteCacheText(file, text.ToString()); // a torn record is not read (its first line or a field is wrong): the full run decides
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

        if (lines is not [FirstLine, var keyLine, var headerLine, .., LastLine] || keyLine != "key\t" + key || !headerLine.StartsWith("header\t", StringComparison.Ordinal))
            return null;
        var targets = new List<RecordedTarget>();
        var dependencies = new List<FileDependency>();
        var folders = new List<FolderStamp>();
        foreach (var line in lines.Skip(3).SkipLast(1))
        {
            var fields = line.Split('\t');
            switch (fields)
            {
                case ["target", var name, var reason]:
                    targets.Add(new RecordedTarget(name, reason));
                    break;
                case ["target", var name, var reason, var check] when Uri.TryCreate(check, UriKind.Absolute, out var uri):
                    targets.Add(new RecordedTarget(name, reason, uri));
                    break;
                case ["absent", var path]:
                    dependencies.Add(new FileDependency(path, null));
                    break;
                case ["file", var size, var modified, var changed, var inode, var path] when ParseStamp(size, modified, changed, inode) is { } stamp:
                    dependencies.Add(new FileDependency(path, stamp));
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

    /// <summary>
    /// Whether every file and folder is as recorded (absent ones still absent). <paramref name="relisted"/> is a copy
    /// of the record with the new stamps of folders whose listing had to be compared again (and was the same), or null.
    /// </summary>
    public bool StillHolds(string rootDirectory, out UpToDateRecord? relisted)
    {
        relisted = null;
        foreach (var (path, recorded) in Dependencies)
        {
            if (recorded is not { } stamp ? Path.Exists(path) : !StampEquals(path, stamp))
                return false;
        }

        var folders = new List<FolderStamp>(Folders.Count);
        var changed = false;
        foreach (var folder in Folders)
        {
            if (StampEquals(folder.Path, folder.Stamp))
            {
                folders.Add(folder);
                continue;
            }

            // a folder's stamp changes with any entry; what counts is whether the entries the inputs depend on are the same
            if (StampOf(folder.Path) is not { } stamp || FolderListing.Of(rootDirectory, folder.Path, folder.Spec) != folder.Listing)
                return false;
            folders.Add(folder with { Stamp = stamp });
            changed = true;
        }

        if (changed)
            relisted = this with { Folders = folders };
        return true;
    }

    /// <summary>Whether a folder was modified after <paramref name="limit"/> (a change within the stamps' resolution could go unseen).</summary>
    public bool AnyFolderModifiedAfter(DateTime limit) => Folders.Any(folder => folder.Stamp.IsNewerThan(limit));

    private static bool StampEquals(string path, FileStamp recorded) => StampOf(path) is { } stamp && stamp.Equals(recorded);

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
