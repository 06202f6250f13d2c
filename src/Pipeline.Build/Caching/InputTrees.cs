using System.Security.Cryptography;
using System.Text;
using Pipeline.Build.IO;

namespace Pipeline.Build.Caching;

/// <summary>
/// An input path that stands for more than <see cref="Threshold"/> files is recorded in the lock as one entry, the
/// hash of its sorted (path, hash) list (DVC's <c>.dir</c> entry), so a stage over 100,000 files keeps a lock of a
/// few lines. The list itself is kept on this machine under <c>.nuke/temp/trees/</c>, to name the files that changed.
/// </summary>
internal sealed class InputTrees(string rootDirectory)
{
    public const int Threshold = 1000;
    public const string RelativeDirectory = BuildLayout.TemporaryDirectory + "/trees";
    private const int Kept = 16;

    /// <summary>The lock key of a declared input path recorded as a tree: a directory ends with '/', a glob is itself.</summary>
    public static string KeyOf(string declaredPath) => declaredPath.IndexOfAny(['*', '?']) >= 0 ? declaredPath : declaredPath + "/";

    /// <summary>Whether a lock key is a tree entry (a file's key never ends with '/' and holds no wildcard).</summary>
    public static bool IsTree(string key) => key.EndsWith('/') || key.IndexOfAny(['*', '?']) >= 0;

    /// <summary>The tree's hash; its file list is written when this machine has not seen that tree yet.</summary>
    public string Record(IReadOnlyList<KeyValuePair<string, string>> files)
    {
        // hashed as it is encoded, in 64 KiB blocks: the list (10 MB for 100,000 files) is only built when it is new here
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        var used = 0;
        foreach (var (path, hash) in files)
        {
            var most = Encoding.UTF8.GetMaxByteCount(path.Length + hash.Length + 2);
            if (buffer.Length - used < most)
            {
                sha256.AppendData(buffer, 0, used);
                used = 0;
                if (buffer.Length < most)
                    buffer = new byte[most];
            }

            used += Encoding.UTF8.GetBytes(path, buffer.AsSpan(used));
            buffer[used++] = (byte)'\t';
            used += Encoding.UTF8.GetBytes(hash, buffer.AsSpan(used));
            buffer[used++] = (byte)'\n';
        }

        sha256.AppendData(buffer, 0, used);
        var treeHash = Convert.ToHexStringLower(sha256.GetHashAndReset());
        var file = PathOf(treeHash);
        if (!File.Exists(file))
        {
            var text = new StringBuilder(files.Count * 100);
            foreach (var (path, hash) in files)
                text.Append(path).Append('\t').Append(hash).Append('\n');
            AtomicFile.WriteCacheText(file, text.ToString()); // kept for messages only
            Prune();
        }

        return treeHash;
    }

    /// <summary>A tree's files (path to hash), as recorded; null when this machine no longer has its list.</summary>
    public Dictionary<string, string>? Files(string treeHash)
    {
        try
        {
            return File.ReadLines(PathOf(treeHash)).Select(line => line.Split('\t')).Where(fields => fields.Length == 2)
                .ToDictionary(fields => fields[0], fields => fields[1], StringComparer.Ordinal);
        }
        catch (IOException)
        {
            return null; // a record kept for messages only
        }
    }

    private void Prune()
    {
        var directory = new DirectoryInfo(Path.Combine(rootDirectory, RelativeDirectory));
        foreach (var old in directory.EnumerateFiles("*.tsv").OrderByDescending(file => file.LastWriteTimeUtc).Skip(Kept))
            old.Delete();
    }

    private string PathOf(string treeHash) => Path.Combine(rootDirectory, RelativeDirectory, treeHash + ".tsv");
}
