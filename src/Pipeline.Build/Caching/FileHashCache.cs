using System.Collections.Concurrent;
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
    private const int ApproximateLineLength = 140; // path, four numbers, a 64-character hash: to size the map once
    private readonly string rootDirectory;
    private readonly string path;
    private readonly ConcurrentDictionary<string, Entry> entries;
    private readonly ConcurrentDictionary<string, bool> learnt = new(StringComparer.Ordinal); // paths whose entry this run added
    private readonly Dictionary<string, FileStamp> seen = new(StringComparer.Ordinal); // full path to the stamp this run's hash stands for; locked
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
        string text;
        try
        {
            text = File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (IOException)
        {
            text = ""; // a cache, not a record: start afresh
        }

        // sized from the file and parsed on spans, a string per path and hash only: a cache of 100,000 files loads on every run
        var entries = new ConcurrentDictionary<string, Entry>(Environment.ProcessorCount, text.Length / ApproximateLineLength + 1, StringComparer.Ordinal);
        var lines = 0;
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            lines++;
            if (TryParse(line, out var relativePath, out var entry))
                entries[relativePath] = entry;
        }

        return new FileHashCache(rootDirectory, entries, lines);
    }

    /// <summary>The SHA-256 of the file, read only when its stamp differs from the remembered one.</summary>
    public string Hash(string fullPath, string relativePath) => Hash(fullPath, relativePath, out _);

    /// <summary>As <see cref="Hash(string, string)"/>; <paramref name="stamp"/> is the stamp the hash stands for (see <see cref="RememberSeen"/>).</summary>
    public string Hash(string fullPath, string relativePath, out FileStamp stamp)
    {
        stamp = FileStamp.Of(fullPath);
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

    /// <summary>
    /// The stamp this run read for a file it hashed: the one its hash stands for. The up-to-date record reuses it
    /// instead of reading it again (a file changed since then no longer matches it, so the record does not hold).
    /// </summary>
    public FileStamp? SeenStamp(string fullPath)
    {
        lock (seen)
            return seen.TryGetValue(fullPath, out var stamp) ? stamp : null;
    }

    /// <summary>
    /// Keeps the stamps <see cref="Hash(string, string, out FileStamp)"/> gave for these files, for <see cref="SeenStamp"/>:
    /// in one go after a parallel hashing, since a shared map written from every worker costs more than reading them again.
    /// </summary>
    public void RememberSeen(IReadOnlyList<string> fullPaths, IReadOnlyList<FileStamp> stamps)
    {
        lock (seen)
        {
            seen.EnsureCapacity(seen.Count + fullPaths.Count);
            for (var i = 0; i < fullPaths.Count; i++)
                seen[fullPaths[i]] = stamps[i];
        }
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
            AppendLine(text, relativePath, entries[relativePath]);
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
        var kept = entries.Where(pair => File.Exists(Path.Combine(rootDirectory, pair.Key))).OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        foreach (var (relativePath, entry) in kept)
            AppendLine(text, relativePath, entry);
        AtomicFile.WriteAllText(path, text.ToString());
        linesOnDisk = kept.Count;
    }

    /// <summary>One line: path, size, modified and changed ticks, inode, hash; tab-separated. Parsed on spans: a cache of 100,000 files loads on every run.</summary>
    private static bool TryParse(ReadOnlySpan<char> rest, out string relativePath, out Entry entry)
    {
        relativePath = "";
        entry = default;
        Span<Range> fields = stackalloc Range[7];
        if (rest.Split(fields, '\t') != 6)
            return false;
        var hash = rest[fields[5]];
        if (hash.Length != 64 || !FileStamp.TryParse(rest, fields[1..5], out var stamp))
            return false;
        relativePath = rest[fields[0]].ToString();
        entry = new Entry(stamp, hash.ToString());
        return true;
    }

    private static void AppendLine(StringBuilder text, string relativePath, Entry entry) =>
        entry.Stamp.AppendFields(text.Append(relativePath).Append('\t')).Append('\t').Append(entry.Hash).Append('\n');

    private readonly record struct Entry(FileStamp Stamp, string Hash);
}
