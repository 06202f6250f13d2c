using System.Security.Cryptography;
using Microsoft.Extensions.FileSystemGlobbing;
using Pipeline.Build.IO;

namespace Pipeline.Build.Caching;

/// <summary>
/// Expands files, directories and globs under the root and hashes their content (SHA-256), several files at a time:
/// SHA-256 is CPU-bound once the file is in the page cache, so one thread per core is what a cold hash needs.
/// </summary>
internal sealed class ContentHasher(string rootDirectory, FileHashCache? hashCache = null, int parallelism = 0)
{
    private const int ParallelFrom = 64; // below this, starting workers costs more than it saves
    private readonly string root = Path.TrimEndingDirectorySeparator(rootDirectory);
    // trees a glob does not walk, at any depth or at the root only; .nuke/ holds the build's own state: caches, container storage
    private static readonly ExcludedTree[] ExcludedTrees = [new(".git", true), new("node_modules", true), new(BuildLayout.StateDirectory, false), new("bin", true), new("obj", true)];

    /// <summary>Relative path (forward slashes) to content hash, sorted; a missing plain file is reported as missing.</summary>
    public SortedDictionary<string, string> Hash(IEnumerable<string> paths, out IReadOnlyList<string> missing)
    {
        var hashes = HashAll(ExpandAll(paths, out missing));
        return new SortedDictionary<string, string>(hashes, StringComparer.Ordinal);
    }

    /// <summary>
    /// As <see cref="Hash"/>, but a declared path that stands for more than <see cref="InputTrees.Threshold"/> files is
    /// one entry: the hash of its file list (<see cref="InputTrees"/>).
    /// </summary>
    public SortedDictionary<string, string> HashInputs(IEnumerable<string> paths, InputTrees trees, out IReadOnlyList<string> missing)
    {
        var expanded = ExpandAll(paths, out missing);
        var hashes = HashAll(expanded);
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (declared, files) in expanded)
        {
            if (files.Length > InputTrees.Threshold)
                entries[InputTrees.KeyOf(declared)] = trees.Record(files.Select(file => KeyValuePair.Create(file, hashes[file])).ToList());
            else
                foreach (var file in files)
                    entries[file] = hashes[file];
        }

        return entries;
    }

    public static string HashFile(string path) => IO.HashingCopy.HashFile(path);

    public static string HashText(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private List<(string Declared, string[] Files)> ExpandAll(IEnumerable<string> paths, out IReadOnlyList<string> missing)
    {
        var expanded = new List<(string, string[])>();
        var notFound = new List<string>();
        foreach (var path in paths)
        {
            var files = Expand(path);
            if (files is null)
                notFound.Add(Normalize(path));
            else
                expanded.Add((Normalize(path), files.Order(StringComparer.Ordinal).ToArray()));
        }

        missing = notFound;
        return expanded;
    }

    private Dictionary<string, string> HashAll(List<(string Declared, string[] Files)> expanded)
    {
        var files = expanded.Count == 1 ? expanded[0].Files : expanded.SelectMany(entry => entry.Files).Distinct(StringComparer.Ordinal).ToArray();
        var values = new string[files.Length];
        var fullPaths = new string[files.Length];
        var stamps = new FileStamp[files.Length];
        var workers = parallelism > 0 ? parallelism : Environment.ProcessorCount;
        if (workers == 1 || files.Length < ParallelFrom)
            for (var i = 0; i < files.Length; i++)
                values[i] = HashOne(files, i, fullPaths, stamps);
        else
            try
            {
                Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = workers }, i => values[i] = HashOne(files, i, fullPaths, stamps));
            }
            catch (AggregateException exception)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerExceptions[0]); // callers handle what one file's hashing throws
            }

        hashCache?.RememberSeen(fullPaths, stamps);
        var hashes = new Dictionary<string, string>(files.Length, StringComparer.Ordinal);
        for (var i = 0; i < files.Length; i++)
            hashes[files[i]] = values[i];
        return hashes;
    }

    private string HashOne(string[] files, int index, string[] fullPaths, FileStamp[] stamps)
    {
        var fullPath = fullPaths[index] = Path.Combine(rootDirectory, files[index]);
        return hashCache is null ? HashFile(fullPath) : hashCache.Hash(fullPath, files[index], out stamps[index]);
    }

    /// <summary>Files a path stands for, relative to the root; null when a plain file or directory does not exist.</summary>
    private IEnumerable<string>? Expand(string path)
    {
        var relative = Normalize(path);
        if (relative.IndexOfAny(['*', '?']) >= 0)
        {
            var matcher = new Matcher(StringComparison.Ordinal);
            matcher.AddInclude(relative);
            // build outputs are excluded unless the pattern asks for them, like **/obj/project.assets.json
            matcher.AddExcludePatterns(GlobExcludesFor(relative));
            return matcher.GetResultsInFullPath(rootDirectory).Select(Relative);
        }

        var full = Path.Combine(rootDirectory, relative);
        if (File.Exists(full))
            return [relative];
        if (Directory.Exists(full))
            return Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Select(Relative);
        return null;
    }

    /// <summary>The trees a glob does not walk: build state and outputs, unless the pattern names them.</summary>
    internal static IEnumerable<ExcludedTree> ExcludedTreesFor(string pattern) =>
        ExcludedTrees.Where(tree => !pattern.Contains(tree.Name + "/", StringComparison.Ordinal));

    /// <summary><see cref="ExcludedTreesFor"/> as the matcher's exclude patterns.</summary>
    internal static IEnumerable<string> GlobExcludesFor(string pattern) =>
        ExcludedTreesFor(pattern).Select(tree => tree.AtAnyDepth ? $"**/{tree.Name}/**" : $"{tree.Name}/**");

    private string Relative(string fullPath) =>
        fullPath.Length > root.Length && fullPath.StartsWith(root, StringComparison.Ordinal) && fullPath[root.Length] == Path.DirectorySeparatorChar
            ? Normalize(fullPath[(root.Length + 1)..]) // what enumerating under the root gives: no need to resolve ".." or links
            : Normalize(Path.GetRelativePath(rootDirectory, fullPath));

    private static string Normalize(string path) => path.Replace('\\', '/').TrimEnd('/');
}
