using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;
using Pipeline.Build.Caching;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// What of a folder's entries a declared path depends on: every entry for a declared directory; for a glob, the
/// subfolders it walks and the files in the folder it matches. A folder's time stamp changes with any entry (an atomic
/// write of an unrelated file renames into it), so a changed stamp is checked again against this listing.
/// </summary>
internal static class FolderListing
{
    /// <summary>The spec of a folder of a declared directory: all its entries count.</summary>
    public const string AllEntries = "all";

    /// <summary>The spec of a folder walked for <paramref name="pattern"/>.</summary>
    public static string ForGlob(string pattern) => "glob:" + pattern;

    /// <summary>A digest of the entries that count, or null when the folder cannot be listed.</summary>
    public static string? Of(string rootDirectory, string folder, string spec)
    {
        try
        {
            var names = spec.StartsWith("glob:", StringComparison.Ordinal)
                ? GlobEntries(rootDirectory, folder, spec["glob:".Length..])
                : Directory.EnumerateFileSystemEntries(folder).Select(entry => Path.GetFileName(entry)!);
            var text = string.Join('\n', names.Order(StringComparer.Ordinal));
            return Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<string> GlobEntries(string rootDirectory, string folder, string pattern)
    {
        var (anywhere, atRoot) = ExcludedFolders(pattern);
        var root = Path.TrimEndingDirectorySeparator(rootDirectory);
        var atTop = Path.TrimEndingDirectorySeparator(folder) == root;
        var subfolders = Directory.EnumerateDirectories(folder).Select(path => Path.GetFileName(path)!)
            .Where(name => !anywhere.Contains(name) && !(atTop && atRoot.Contains(name)))
            .Select(name => name + "/");
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(pattern);
        matcher.AddExcludePatterns(ContentHasher.GlobExcludesFor(pattern));
        var files = matcher.Match(root, Directory.EnumerateFiles(folder)).Files.Select(match => Path.GetFileName(match.Path));
        return subfolders.Concat(files);
    }

    /// <summary>The folder names the glob's matcher leaves out (<see cref="ContentHasher.GlobExcludesFor"/>): anywhere for <c>**/x/**</c>, at the root for <c>x/**</c>.</summary>
    public static (HashSet<string> Anywhere, HashSet<string> AtRoot) ExcludedFolders(string pattern)
    {
        var excludes = ContentHasher.GlobExcludesFor(pattern).ToList();
        return (
            excludes.Where(exclude => exclude.StartsWith("**/", StringComparison.Ordinal)).Select(exclude => exclude.Trim('*', '/')).ToHashSet(StringComparer.Ordinal),
            excludes.Where(exclude => !exclude.StartsWith("**/", StringComparison.Ordinal)).Select(exclude => exclude.Trim('*', '/')).ToHashSet(StringComparer.Ordinal));
    }
}
