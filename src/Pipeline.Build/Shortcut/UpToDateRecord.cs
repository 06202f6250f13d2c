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
    private const int ParallelFrom = 8192; // a sample's few dozen files are stamped sooner than workers start

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
                s.AppendFields(text.Append("file\t")).Append('\t').Append(path).Append('\n');
            else
                text.Append("absent\t").Append(path).Append('\n');
        }

        foreach (var folder in Folders)
            folder.Stamp.AppendFields(text.Append("folder\t")).Append('\t').Append(folder.Listing).Append('\t').Append(OneLine(folder.Spec)).Append('\t').Append(folder.Path).Append('\n');
        text.Append(LastLine).Append('\n');
        var file = PathFor(rootDirectory, Key);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        AtomicFile.WriteCacheText(file, text.ToString()); // a torn record is not read (its first line or a field is wrong): the full run decides
    }

    /// <summary>The record for this key, or null when there is none or it cannot be read whole.</summary>
    public static UpToDateRecord? Read(string rootDirectory, string key)
    {
        string text;
        try
        {
            text = File.ReadAllText(PathFor(rootDirectory, key));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // parsed on spans, one string per path only: a record of a stage over 100,000 files has as many lines
        var rest = text.AsSpan();
        if (!TakeLine(ref rest, out var first) || !first.SequenceEqual(FirstLine) || !TakeLine(ref rest, out var keyLine) || !keyLine.StartsWith("key\t")
            || !keyLine["key\t".Length..].SequenceEqual(key) || !TakeLine(ref rest, out var headerLine) || !headerLine.StartsWith("header\t"))
            return null;
        var targets = new List<RecordedTarget>();
        var dependencies = new List<FileDependency>();
        var folders = new List<FolderStamp>();
        Span<Range> fields = stackalloc Range[9];
        while (TakeLine(ref rest, out var line))
        {
            if (line.SequenceEqual(LastLine))
                return rest.IsEmpty && targets.Count > 0 ? new UpToDateRecord(key, headerLine["header\t".Length..].ToString(), targets, dependencies, folders) : null;
            var count = line.Split(fields, '\t');
            var kind = line[fields[0]];
            if (kind.SequenceEqual("file") && count == 6 && FileStamp.TryParse(line, fields[1..5], out var fileStamp))
                dependencies.Add(new FileDependency(line[fields[5]].ToString(), fileStamp));
            else if (kind.SequenceEqual("absent") && count == 2)
                dependencies.Add(new FileDependency(line[fields[1]].ToString(), null));
            else if (kind.SequenceEqual("folder") && count == 8 && FileStamp.TryParse(line, fields[1..5], out var folderStamp))
                folders.Add(new FolderStamp(line[fields[7]].ToString(), folderStamp, line[fields[6]].ToString(), line[fields[5]].ToString()));
            else if (kind.SequenceEqual("target") && count == 3)
                targets.Add(new RecordedTarget(line[fields[1]].ToString(), line[fields[2]].ToString()));
            else if (kind.SequenceEqual("target") && count == 4 && Uri.TryCreate(line[fields[3]].ToString(), UriKind.Absolute, out var uri))
                targets.Add(new RecordedTarget(line[fields[1]].ToString(), line[fields[2]].ToString(), uri));
            else
                return null; // torn or foreign: the full run decides, and records again
        }

        return null; // no last line: cut short
    }

    /// <summary>
    /// Whether every file and folder is as recorded (absent ones still absent). <paramref name="relisted"/> is a copy
    /// of the record with the new stamps of folders whose listing had to be compared again (and was the same), or null.
    /// </summary>
    public bool StillHolds(string rootDirectory, out UpToDateRecord? relisted)
    {
        relisted = null;
        if (!AllFilesHold())
            return false;

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
            if (FileStamp.TryOf(folder.Path) is not { } stamp || FolderListing.Of(rootDirectory, folder.Path, folder.Spec) != folder.Listing)
                return false;
            folders.Add(folder with { Stamp = stamp });
            changed = true;
        }

        if (changed)
            relisted = this with { Folders = folders };
        return true;
    }

    private bool AllFilesHold()
    {
        if (Dependencies.Count >= ParallelFrom)
            return AllFilesHoldOnEveryCore();
        for (var i = 0; i < Dependencies.Count; i++)
        {
            if (!Holds(Dependencies[i]))
                return false;
        }

        return true;
    }

    /// <summary>A stat is mostly kernel time: on a stage over 100,000 files every core shortens the answer.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)] // a sample's answer loads no parallel library
    private bool AllFilesHoldOnEveryCore() =>
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, Dependencies.Count, 4096), (range, loop) =>
        {
            for (var i = range.Item1; i < range.Item2 && !loop.ShouldExitCurrentIteration; i++)
            {
                if (!Holds(Dependencies[i]))
                    loop.Stop();
            }
        }).IsCompleted;

    private static bool Holds(FileDependency dependency) =>
        dependency.Stamp is { } stamp ? StampEquals(dependency.Path, stamp) : !Path.Exists(dependency.Path);

    /// <summary>Whether a folder was modified after <paramref name="limit"/> (a change within the stamps' resolution could go unseen).</summary>
    public bool AnyFolderModifiedAfter(DateTime limit) => Folders.Any(folder => folder.Stamp.IsNewerThan(limit));

    private static bool StampEquals(string path, FileStamp recorded) => FileStamp.TryOf(path) is { } stamp && stamp.Equals(recorded);

    /// <summary>The next line without its '\n'; false at the end, or for a last line without one (a torn write).</summary>
    private static bool TakeLine(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> line)
    {
        var end = rest.IndexOf('\n');
        line = end < 0 ? default : rest[..end];
        rest = end < 0 ? default : rest[(end + 1)..];
        return end >= 0;
    }

    private static string OneLine(string text) => text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
