namespace Pipeline.Build.Caching;

/// <summary>
/// Content hashes (SHA-256, lower-case hex) as the stage cache computes them, for components that key their own records
/// on content: files, directories and globs under the root expanded and hashed with the checkout's hash cache (unchanged
/// files are not read again) and the same exclusions (<c>.git</c>, <c>node_modules</c>, <c>bin</c>, <c>obj</c>, the build's state).
/// </summary>
public static class ContentHash
{
    /// <summary>Relative path (forward slashes) → content hash of every file the paths and globs name, sorted; plain paths that do not exist come back in <paramref name="missing"/>.</summary>
    public static SortedDictionary<string, string> Of(string rootDirectory, IEnumerable<string> pathsOrGlobs, out IReadOnlyList<string> missing)
    {
        var cache = FileHashCache.Load(rootDirectory);
        var hashes = new ContentHasher(rootDirectory, cache).Hash(pathsOrGlobs, out missing);
        cache.Save();
        return hashes;
    }

    /// <summary>The hash of one file.</summary>
    public static string OfFile(string path) => ContentHasher.HashFile(path);

    /// <summary>The hash of a text (UTF-8).</summary>
    public static string OfText(string text) => ContentHasher.HashText(text);
}
