using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Pipeline.Build.IO;

namespace Pipeline.Build.Caching;

/// <summary>
/// Hashes remembered by <see cref="FileStamp"/> (size, modification and change times, inode) in <c>.nuke/temp/hash-cache.tsv</c>, so deciding "up to date"
/// does not read unchanged files again (DVC's state database, as a flat file). A file modified in the last two
/// seconds is not remembered: another write within the same timestamp tick could go unnoticed ("racily clean").
/// Safe to use from several threads at once (the hasher hashes files in parallel); saved from one.
/// Saving appends only what this run learnt (a later line wins on load), so its cost follows what changed; the file is
/// rewritten, atomically and without entries of deleted files, only when superseded lines outnumber the live ones.
/// </summary>
internal sealed class FileHashCache
{
    public const string RelativePath = BuildLayout.TemporaryDirectory + "/hash-cache.tsv";
    private const int CompactionSlack = 256; // a small cache is never worth rewriting
    private readonly string rootDirectory;
    private readonly string path;
    private readonly ConcurrentDictionary<string, Entry> entries;
    private readonly ConcurrentDictionary<string, bool> learnt = new(StringComparer.Ordinal); // paths whose entry this run added
    private int linesOnDisk;

    private FileHashCache(string rootDirectory, ConcurrentDictionary<string, Entry> entries, int linesOnDisk)
    {
        this.rootDirectory = rootDirectory;
        path = Path.Combine(rootDirectory, RelativePath);
        this.entries = entries;
        this.linesOnDisk = linesOnDisk;
    }

    /// <summary>The cache of a checkout; an unreadable file is an empty cache.</summary>
    public static FileHashCache Load(string rootDirectory)
    {
        var path = Path.Combine(rootDirectory, RelativePath);
        var entries = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        var lines = 0;
        try
        {
            if (File.Exists(path))
                foreach (var line in File.ReadLines(path))
                {
                    lines++;
                    var fields = line.Split('\t');
                    if (fields.Length == 6 && fields[5].Length == 64 && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var size)
                        && long.TryParse(fields[2], CultureInfo.InvariantCulture, out var modified) && long.TryParse(fields[3], CultureInfo.InvariantCulture, out var statusChanged)
                        && ulong.TryParse(fields[4], CultureInfo.InvariantCulture, out var inode))
                        entries[fields[0]] = new Entry(new FileStamp(size, modified, statusChanged, inode), fields[5]);
                }
        }
        catch (IOException)
        {
            entries.Clear(); // a cache, not a record: start afresh
        }

        return new FileHashCache(rootDirectory, entries, lines);
    }

    /// <summary>The SHA-256 of the file, read only when its stamp differs from the remembered one.</summary>
    public string Hash(string fullPath, string relativePath)
    {
        var stamp = FileStamp.Of(fullPath);
        if (entries.TryGetValue(relativePath, out var entry) && entry.Stamp == stamp)
            return entry.Hash;

        var hash = HashingCopy.HashFile(fullPath);
        if (DateTime.UtcNow - stamp.Modified > FileStamp.SettleTime)
        {
            entries[relativePath] = new Entry(stamp, hash);
            learnt[relativePath] = true;
        }

        return hash;
    }

    /// <summary>Appends what this run learnt; rewrites the whole file instead when most of its lines are superseded.</summary>
    public void Save()
    {
        if (learnt.IsEmpty)
            return;
        if (linesOnDisk + learnt.Count > 2 * entries.Count + CompactionSlack)
            Rewrite();
        else
            Append();
        learnt.Clear();
    }

    private void Append()
    {
        var text = new StringBuilder();
        foreach (var relativePath in learnt.Keys.Order(StringComparer.Ordinal))
            text.Append(Line(relativePath, entries[relativePath])).Append('\n');
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        // a line cut short by an interrupted append is skipped on load; the next line must still start on its own
        if (file.Length > 0)
        {
            file.Seek(-1, SeekOrigin.End);
            if (file.ReadByte() != '\n')
                text.Insert(0, '\n');
        }

        file.Seek(0, SeekOrigin.End);
        file.Write(Encoding.UTF8.GetBytes(text.ToString()));
        linesOnDisk += learnt.Count;
    }

    private void Rewrite()
    {
        var kept = entries.Where(pair => File.Exists(Path.Combine(rootDirectory, pair.Key)))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => Line(pair.Key, pair.Value)).ToList();
        AtomicFile.WriteAllText(path, string.Join('\n', kept) + "\n");
        linesOnDisk = kept.Count;
    }

    private static string Line(string relativePath, Entry entry) =>
        string.Join('\t', relativePath, Invariant(entry.Stamp.Size), Invariant(entry.Stamp.ModifiedTicks), Invariant(entry.Stamp.ChangedTicks), Invariant(entry.Stamp.Inode), entry.Hash);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Entry(FileStamp Stamp, string Hash);
}
