using Pipeline.Build.Caching;
using Pipeline.Build.IO;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// The stamps of everything a run's decisions read: the files its declared paths stand for, every folder it listed
/// to find them (a file added or removed changes its folder's stamp), and files that are allowed to be absent.
/// </summary>
internal sealed class DependencyStamps(string rootDirectory)
{
    private const int DeepestFolder = 64; // a folder linked into itself would otherwise be walked forever
    private readonly Dictionary<string, FileStamp?> stamps = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Path, string Spec), FolderStamp> folders = [];
    private readonly ContentHasher expander = new(rootDirectory);
    private readonly string root = Path.TrimEndingDirectorySeparator(rootDirectory);

    /// <summary>False when something could not be stamped; such a run is not recorded.</summary>
    public bool IsComplete { get; private set; } = true;

    public IReadOnlyList<FileDependency> Dependencies => [.. stamps.Select(stamp => new FileDependency(stamp.Key, stamp.Value))];

    /// <summary>The folders walked, each with the listing that counts should its stamp change.</summary>
    public IReadOnlyList<FolderStamp> Folders => [.. folders.Values];

    /// <summary>A declared input or output: a file, a folder (all of it) or a glob (the files it matches and the folders it walks).</summary>
    public void AddDeclared(string path)
    {
        var relative = path.Replace('\\', '/').TrimEnd('/');
        if (relative.IndexOfAny(['*', '?']) >= 0)
        {
            foreach (var file in expander.Expand(relative) ?? [])
                AddFile(Path.Combine(rootDirectory, file));
            var literal = string.Join('/', relative.Split('/').TakeWhile(segment => segment.IndexOfAny(['*', '?']) < 0));
            AddFolders(Path.Combine(rootDirectory, literal), FolderListing.ExcludedFolders(relative), FolderListing.ForGlob(relative));
            return;
        }

        var full = Path.Combine(rootDirectory, relative);
        if (Directory.Exists(full))
        {
            AddFolders(full, ([], []), FolderListing.AllEntries);
            foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
                AddFile(file);
        }
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
        stamps.Values.Concat(folders.Values.Select(folder => (FileStamp?)folder.Stamp)).Any(stamp => stamp is { } s && (s.ModifiedTicks > limit.Ticks || s.ChangedTicks > limit.Ticks));

    private void AddFile(string fullPath)
    {
        try
        {
            var stamp = FileStamp.Of(fullPath);
            stamps[fullPath] = stamp;
            if (stamp.Inode == 0)
                IsComplete = false; // no statx: size and modification time alone do not see a touch -r or a swap
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            IsComplete = false;
        }
    }

    private void AddFolder(string fullPath, string spec)
    {
        try
        {
            var stamp = FileStamp.Of(fullPath);
            if (FolderListing.Of(rootDirectory, fullPath, spec) is { } listing && stamp.Inode != 0)
            {
                folders[(fullPath, spec)] = new FolderStamp(fullPath, stamp, spec, listing);
                return;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        IsComplete = false;
    }

    private void AddFolders(string top, (HashSet<string> Anywhere, HashSet<string> AtRoot) excluded, string spec)
    {
        if (!Directory.Exists(top))
        {
            stamps[top] = null;
            return;
        }

        var pending = new Stack<(string Path, int Depth)>([(top, 0)]);
        while (pending.TryPop(out var folder))
        {
            if (folder.Depth > DeepestFolder)
            {
                IsComplete = false;
                return;
            }

            AddFolder(folder.Path, spec);
            foreach (var child in Directory.EnumerateDirectories(folder.Path))
            {
                var name = Path.GetFileName(child);
                if (!excluded.Anywhere.Contains(name) && !(excluded.AtRoot.Contains(name) && Path.GetDirectoryName(child) == root))
                    pending.Push((child, folder.Depth + 1));
            }
        }
    }
}
