namespace Pipeline.Build.Caching;

/// <summary>
/// Data files tracked by content hash in the <c>data:</c> block of <c>pipeline.lock</c>, like <c>dvc add</c>:
/// <see cref="Verify"/> finds missing and changed files, <see cref="Track"/> records the current content.
/// </summary>
internal sealed class TrackedData
{
    private readonly LockFileStore store;
    private readonly ContentHasher hasher;
    /// <summary>Tracks data with the run's hash cache (the run saves it).</summary>
    public TrackedData(string rootDirectory, FileHashCache hashCache)
    {
        store = new LockFileStore(rootDirectory, StageCache.LockFileName);
        hasher = new ContentHasher(rootDirectory, hashCache);
    }

    /// <summary>The recorded files under the directory: relative path → SHA-256.</summary>
    public IReadOnlyDictionary<string, string> RecordedFiles(string dataDirectory) => Recorded(store.Read(), dataDirectory).ToDictionary();

    /// <summary>Compares the files under the directory with their recorded hashes.</summary>
    public DataVerification Verify(string dataDirectory)
    {
        var recorded = Recorded(store.Read(), dataDirectory).ToDictionary();
        var current = Current(dataDirectory);
        return new DataVerification(
            recorded.Keys.Where(path => !current.ContainsKey(path)).ToList(),
            recorded.Where(pair => current.TryGetValue(pair.Key, out var hash) && hash != pair.Value).Select(pair => pair.Key).ToList(),
            current.Keys.Where(path => !recorded.ContainsKey(path)).ToList());
    }

    /// <summary>Records the current content of every file under the directory, replacing earlier entries there; returns how many files.</summary>
    public int Track(string dataDirectory)
    {
        var lockFile = store.Read();
        foreach (var path in Recorded(lockFile, dataDirectory).Select(pair => pair.Key).ToList())
            lockFile.Data.Remove(path);
        var current = Current(dataDirectory);
        foreach (var (path, hash) in current)
            lockFile.Data[path] = hash;
        store.Write(lockFile);
        return current.Count;
    }

    /// <summary>The current content hash of one file (relative path, forward slashes).</summary>
    public string HashFile(string relativePath) =>
        hasher.Hash([relativePath], out var missing).Values.SingleOrDefault()
        ?? throw new TargetFailedException($"{string.Join(", ", missing)} does not exist.");

    /// <summary>Records one file's hash in the lock (the committed pointer): only once its object is safely stored.</summary>
    public void RecordFile(string relativePath, string hash)
    {
        var lockFile = store.Read();
        lockFile.Data[relativePath.Replace('\\', '/')] = hash;
        store.Write(lockFile);
    }

    /// <summary>The files under the directory now, without .gitignore files (they say which data git leaves to the store).</summary>
    private SortedDictionary<string, string> Current(string dataDirectory)
    {
        var current = hasher.Hash([dataDirectory], out _);
        foreach (var ignoreFile in current.Keys.Where(path => path == ".gitignore" || path.EndsWith("/.gitignore", StringComparison.Ordinal)).ToList())
            current.Remove(ignoreFile);
        return current;
    }

    private static IEnumerable<KeyValuePair<string, string>> Recorded(LockFile lockFile, string dataDirectory)
    {
        var prefix = dataDirectory.Replace('\\', '/').TrimEnd('/') + "/";
        return lockFile.Data.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal));
    }
}
