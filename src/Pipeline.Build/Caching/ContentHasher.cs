using System.Security.Cryptography;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Pipeline.Build.Caching;

/// <summary>Expands files, directories and globs under the root and hashes their content (SHA-256).</summary>
internal sealed class ContentHasher(string rootDirectory, FileHashCache? hashCache = null)
{
    private static readonly string[] GlobExcludes = ["**/.git/**", "**/node_modules/**", BuildLayout.StateDirectory + "/**", "**/bin/**", "**/obj/**"]; // .nuke/ holds the build's own state: caches, container storage

    /// <summary>Relative path (forward slashes) to content hash, sorted; a missing plain file is reported as missing.</summary>
    public SortedDictionary<string, string> Hash(IEnumerable<string> paths, out IReadOnlyList<string> missing)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var notFound = new List<string>();
        foreach (var path in paths)
        {
            var files = Expand(path);
            if (files is null)
                notFound.Add(Normalize(path));
            else
                foreach (var file in files)
                    hashes[file] = hashCache?.Hash(Path.Combine(rootDirectory, file), file) ?? HashFile(Path.Combine(rootDirectory, file));
        }

        missing = notFound;
        return hashes;
    }

    public static string HashFile(string path) => IO.HashingCopy.HashFile(path);

    public static string HashText(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>Files a path stands for, relative to the root; null when a plain file or directory does not exist.</summary>
    private IEnumerable<string>? Expand(string path)
    {
        var relative = Normalize(path);
        if (relative.IndexOfAny(['*', '?']) >= 0)
        {
            var matcher = new Matcher(StringComparison.Ordinal);
            matcher.AddInclude(relative);
            // build outputs are excluded unless the pattern asks for them, like **/obj/project.assets.json
            matcher.AddExcludePatterns(GlobExcludes.Where(exclude => !relative.Contains(exclude.Trim('*', '/') + "/", StringComparison.Ordinal)));
            return matcher.GetResultsInFullPath(rootDirectory).Select(Relative);
        }

        var full = Path.Combine(rootDirectory, relative);
        if (File.Exists(full))
            return [relative];
        if (Directory.Exists(full))
            return Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Select(Relative);
        return null;
    }

    private string Relative(string fullPath) => Normalize(Path.GetRelativePath(rootDirectory, fullPath));

    private static string Normalize(string path) => path.Replace('\\', '/').TrimEnd('/');
}
