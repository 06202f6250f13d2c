using Microsoft.Extensions.FileSystemGlobbing;
using Pipeline.Build.Caching;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// What of a folder a declared path depends on: every entry for a declared directory; for a glob, the subfolders it
/// walks (<see cref="ContentHasher.ExcludedTreesFor"/> left out) and the files in the folder it matches. A folder's
/// time stamp changes with any entry (an atomic write of an unrelated file renames into it), so a changed stamp is
/// checked again against the digest of these entries.
/// </summary>
internal static class FolderListing
{
    /// <summary>The spec of a folder of a declared directory: all its entries count.</summary>
    public const string AllEntries = "all";

    private const string GlobPrefix = "glob:";

    /// <summary>The spec of a folder walked for <paramref name="pattern"/>.</summary>
    public static string ForGlob(string pattern) => GlobPrefix + pattern;

    /// <summary>The subfolders walked and the files that count in one folder, or null when it cannot be listed.</summary>
    public static FolderEntries? Entries(string rootDirectory, string folder, string spec)
    {
        try
        {
            if (!spec.StartsWith(GlobPrefix, StringComparison.Ordinal))
                return new FolderEntries([.. Directory.EnumerateDirectories(folder)], [.. Directory.EnumerateFiles(folder)]);
            var pattern = spec[GlobPrefix.Length..];
            var root = Path.TrimEndingDirectorySeparator(rootDirectory);
            var atRoot = Path.TrimEndingDirectorySeparator(folder) == root;
            var excluded = ContentHasher.ExcludedTreesFor(pattern).Where(tree => tree.AtAnyDepth || atRoot).Select(tree => tree.Name).ToHashSet(StringComparer.Ordinal);
            var matcher = new Matcher(StringComparison.Ordinal);
            matcher.AddInclude(pattern);
            matcher.AddExcludePatterns(ContentHasher.GlobExcludesFor(pattern));
            return new FolderEntries(
                [.. Directory.EnumerateDirectories(folder).Where(path => !excluded.Contains(Path.GetFileName(path)))],
                [.. matcher.Match(root, Directory.EnumerateFiles(folder)).Files.Select(match => Path.Combine(root, match.Path))]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The digest of <see cref="Entries"/>, or null when the folder cannot be listed.</summary>
    public static string? Of(string rootDirectory, string folder, string spec) => Entries(rootDirectory, folder, spec)?.Digest;
}
