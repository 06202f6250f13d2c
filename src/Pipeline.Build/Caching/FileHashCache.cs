using System.Collections.Concurrent;
using System.Globalization;
using Pipeline.Build.IO;

namespace Pipeline.Build.Caching;

/// <summary>
/// Hashes remembered by size and modification time in <c>.nuke/temp/hash-cache.tsv</c>, so deciding "up to date"
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
                    if (fields.Length == 4 && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var size) && long.TryParse(fields[2], CultureInfo.InvariantCulture, out var ticks) && fields[3].Length == 64)
                        entries[fields[0]] = new Entry(size, ticks, fields[3]);
                }
        }
        catch (IOException)
        {
            entries.Clear(); // a cache, not a record: start afresh
        }

        return new FileHashCache(path, entries);
    }

    /// <summary>The SHA-256 of the file, read only when its size or modification time differ from the remembered ones.</summary>
    public string Hash(string fullPath, string relativePath)
    {
        var info = new FileInfo(fullPath);
        var (size, ticks) = (info.Length, info.LastWriteTimeUtc.Ticks);
        used[relativePath] = true;
        if (entries.TryGetValue(relativePath, out var entry) && entry.Size == size && entry.Ticks == ticks)
            return entry.Hash;

        var hash = HashingCopy.HashFile(fullPath);
        if (DateTime.UtcNow - info.LastWriteTimeUtc > SettleTime)
        {
            entries[relativePath] = new Entry(size, ticks, hash);
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
            .Select(pair => string.Join('\t', pair.Key, pair.Value.Size.ToString(CultureInfo.InvariantCulture), pair.Value.Ticks.ToString(CultureInfo.InvariantCulture), pair.Value.Hash));
        AtomicFile.WriteAllText(path, string.Join('\n', lines) + "\n");
        changed = false;
    }

    private readonly record struct Entry(long Size, long Ticks, string Hash);
}
