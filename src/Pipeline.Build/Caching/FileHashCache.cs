using System.Collections.Concurrent;
using System.Globalization;
using Pipeline.Build.IO;

namespace Pipeline.Build.Caching;

/// <summary>
/// Hashes remembered by <see cref="FileStamp"/> (size, modification and change times, inode) in <c>.nuke/temp/hash-cache.tsv</c>, so deciding "up to date"
/// does not read unchanged files again (DVC's state database, as a flat file). A file modified in the last two
/// seconds is not remembered: another write within the same timestamp tick could go unnoticed ("racily clean").
/// Safe to use from several threads at once (the hasher hashes files in parallel); saved from one.
/// </summary>
internal sealed class FileHashCache
{
    public const string RelativePath = BuildLayout.TemporaryDirectory + "/hash-cache.tsv";
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);
    private readonly string path;
    private readonly ConcurrentDictionary<string, Entry> entries;
    private readonly ConcurrentDictionary<string, bool> used = new(StringComparer.Ordinal);
    private volatile bool changed;

    private FileHashCache(string path, ConcurrentDictionary<string, Entry> entries)
    {
        this.path = path;
        this.entries = entries;
    }

    /// <summary>The cache of a checkout; an unreadable file is an empty cache.</summary>
    public static FileHashCache Load(string rootDirectory)
    {
        var path = Path.Combine(rootDirectory, RelativePath);
        var entries = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path))
                foreach (var line in File.ReadLines(path))
                {
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

        return new FileHashCache(path, entries);
    }

    /// <summary>The SHA-256 of the file, read only when its stamp differs from the remembered one.</summary>
    public string Hash(string fullPath, string relativePath)
    {
        var stamp = FileStamp.Of(fullPath);
        used[relativePath] = true;
        if (entries.TryGetValue(relativePath, out var entry) && entry.Stamp == stamp)
            return entry.Hash;

        var hash = HashingCopy.HashFile(fullPath);
        if (DateTime.UtcNow - stamp.Modified > SettleTime)
        {
            entries[relativePath] = new Entry(stamp, hash);
            changed = true;
        }

        return hash;
    }

    /// <summary>Writes the cache atomically when it learnt something; pruning keeps only the files this run looked at.</summary>
    public void Save(bool pruneUnused = true)
    {
        if (!changed && (!pruneUnused || used.Count == entries.Count))
            return;
        var lines = entries.Where(pair => !pruneUnused || used.ContainsKey(pair.Key)).OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => string.Join('\t', pair.Key, Invariant(pair.Value.Stamp.Size), Invariant(pair.Value.Stamp.ModifiedTicks), Invariant(pair.Value.Stamp.ChangedTicks), Invariant(pair.Value.Stamp.Inode), pair.Value.Hash));
        AtomicFile.WriteAllText(path, string.Join('\n', lines) + "\n");
        changed = false;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Entry(FileStamp Stamp, string Hash);
}
