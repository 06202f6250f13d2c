using System.IO.Hashing;
using System.Text;

namespace Pipeline.Build.Shortcut;

/// <summary>What counts in one folder (<see cref="FolderListing"/>): the subfolders walked and the files, as full paths.</summary>
internal sealed record FolderEntries(IReadOnlyList<string> Subfolders, IReadOnlyList<string> Files)
{
    /// <summary>A digest of the entries' names (subfolders with a trailing slash), in ordinal order.</summary>
    public string Digest
    {
        get
        {
            var names = Subfolders.Select(path => Path.GetFileName(path) + "/").Concat(Files.Select(path => Path.GetFileName(path)));
            return Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(string.Join('\n', names.Order(StringComparer.Ordinal)))));
        }
    }
}
