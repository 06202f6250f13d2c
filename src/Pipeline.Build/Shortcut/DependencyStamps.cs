using Pipeline.Build.IO;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// The stamps of everything a run's decisions read: the files its declared paths stand for, every folder walked to
/// find them (with the digest of its entries that count, <see cref="FolderListing"/>), and files that are allowed to
/// be absent. One walk: the folders listed for the digests give the files stamped. A file this run already stamped
/// (<paramref name="seenStamp"/>: the hash cache's, when its content was checked) is not read again.
/// </summary>
internal sealed class DependencyStamps(string rootDirectory, Func<string, FileStamp?>? seenStamp = null)
{
    private const int DeepestFolder = 64; // a folder linked into itself would otherwise be walked forever
    private readonly Dictionary<string, FileStamp?> stamps = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Path, string Spec), FolderStamp> folders = [];

    /// <summary>False when something could not be stamped; such a run is not recorded.</summary>
    public bool IsComplete { get; private set; } = true;

    public IReadOnlyList<FileDependency> Dependencies => [.. stamps.Select(stamp => new FileDependency(stamp.Key, stamp.Value))];

    /// <summary>The folders walked, each with the digest of what counts in it, should its stamp change.</summary>
    public IReadOnlyList<FolderStamp> Folders => [.. folders.Values];

    /// <summary>A declared input or output: a file, a folder (all of it) or a glob (the files it matches and the folders it walks).</summary>
    public void AddDeclared(string path)
    {
        var relative = path.Replace('\\', '/').TrimEnd('/');
        var full = Path.Combine(rootDirectory, relative);
        if (relative.IndexOfAny(['*', '?']) >= 0)
            AddTree(Path.Combine(rootDirectory, string.Join('/', relative.Split('/').TakeWhile(segment => segment.IndexOfAny(['*', '?']) < 0))), FolderListing.ForGlob(relative));
        else if (Directory.Exists(full))
            AddTree(full, FolderListing.AllEntries);
        else
            AddOptional(full);
    }

    /// <summary>A file whose presence and content count, present or not (pipeline.lock, parameters.json).</summary>
    public void AddOptional(string fullPath)
    {
        if (Path.Exists(fullPath))
            AddFile(fullPath);
        else
            stamps[fullPath] = null;
    }

    /// <summary>A folder and the files directly in it (the compiled build).</summary>
    public void AddFolderFiles(string fullPath)
    {
        AddFile(fullPath);
        foreach (var file in Directory.EnumerateFiles(fullPath))
            AddFile(file);
    }

    /// <summary>Whether anything was modified after <paramref name="limit"/>: a change within the stamps' resolution could go unseen.</summary>
    public bool AnyModifiedAfter(DateTime limit) =>
        stamps.Values.Any(stamp => stamp?.IsNewerThan(limit) == true) || folders.Values.Any(folder => folder.Stamp.IsNewerThan(limit));

    private void AddFile(string fullPath)
    {
        try
        {
            var stamp = seenStamp?.Invoke(fullPath) ?? FileStamp.Of(fullPath);
            stamps[fullPath] = stamp;
            if (stamp.Inode == 0)
                IsComplete = false; // no statx: size and modification time alone do not see a touch -r or a swap
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            IsComplete = false;
        }
    }

    /// <summary>Walks the folders under <paramref name="top"/> that <paramref name="spec"/> walks, stamping each and the files that count in it.</summary>
    private void AddTree(string top, string spec)
    {
        if (!Directory.Exists(top))
        {
            stamps[top] = null;
            return;
        }

        var pending = new Stack<(string Path, int Depth)>([(top, 0)]);
        while (pending.TryPop(out var folder))
        {
            if (folder.Depth > DeepestFolder || AddFolder(folder.Path, spec) is not { } entries)
            {
                IsComplete = false;
                return;
            }

            foreach (var file in entries.Files)
                AddFile(file);
            foreach (var child in entries.Subfolders)
                pending.Push((child, folder.Depth + 1));
        }
    }

    /// <summary>Stamps one folder with the digest of its entries; null when it cannot be (the record would not be complete).</summary>
    private FolderEntries? AddFolder(string fullPath, string spec)
    {
        try
        {
            var stamp = FileStamp.Of(fullPath);
            if (stamp.Inode == 0 || FolderListing.Entries(rootDirectory, fullPath, spec) is not { } entries)
                return null;
            folders[(fullPath, spec)] = new FolderStamp(fullPath, stamp, spec, entries.Digest);
            return entries;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
