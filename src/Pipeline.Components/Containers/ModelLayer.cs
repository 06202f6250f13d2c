using System.Formats.Tar;
using System.Security.Cryptography;

namespace Pipeline.Components.Containers;

/// <summary>
/// The model as an image layer, written by us rather than by a <c>COPY</c> step: an uncompressed tar of the model
/// directory under a path of the image, owned by root, file modes as on disk, every timestamp the commit's, entries in
/// ordinal order, so the same model gives the same bytes (and digest) on every machine. The same content
/// <c>COPY model/ /app/model/</c> with <c>--timestamp</c> gives, without a build container or a layer-cache lookup.
/// </summary>
internal static class ModelLayer
{
    /// <summary>The layer's media type in an OCI manifest: an uncompressed tar (its digest is its diff ID).</summary>
    public const string MediaType = OciMediaTypes.Layer;

    // rwxr-xr-x, as COPY makes the folders it creates
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// Writes the tar of <paramref name="modelDirectory"/> under <paramref name="pathInImage"/> (such as <c>app/model</c>)
    /// into <paramref name="blobsDirectory"/>, named by its SHA-256; returns its digest (<c>sha256:…</c>) and size.
    /// </summary>
    public static async Task<(string Digest, long Size)> WriteAsync(string modelDirectory, string pathInImage, DateTimeOffset timestamp, string blobsDirectory, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(blobsDirectory, $".layer-{Guid.NewGuid():N}.tmp");
        try
        {
            using var sha = SHA256.Create();
            long size;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                // a hash algorithm passes its input through unchanged: the file gets the tar, the hash sees every byte of it
                await using var hashing = new CryptoStream(file, sha, CryptoStreamMode.Write, leaveOpen: true);
                await using (var tar = new TarWriter(hashing, TarEntryFormat.Gnu, leaveOpen: true))
                {
                    var parents = pathInImage.Trim('/').Split('/');
                    for (var depth = 1; depth <= parents.Length; depth++)
                        await tar.WriteEntryAsync(DirectoryEntry(string.Join('/', parents.Take(depth)), FolderMode, timestamp), cancellationToken);
                    await WriteTreeAsync(tar, new DirectoryInfo(modelDirectory), pathInImage.Trim('/'), timestamp, cancellationToken);
                }

                await hashing.FlushFinalBlockAsync(cancellationToken);
                size = file.Length;
            }

            var digest = Convert.ToHexStringLower(sha.Hash!);
            File.Move(temporary, Path.Combine(blobsDirectory, digest), overwrite: true);
            return ("sha256:" + digest, size);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task WriteTreeAsync(TarWriter tar, DirectoryInfo directory, string pathInImage, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(entry => entry.Name, StringComparer.Ordinal))
        {
            var name = pathInImage + "/" + entry.Name;
            if (entry.LinkTarget is { } target)
            {
                await tar.WriteEntryAsync(Stamped(new GnuTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Mode = (UnixFileMode)0b111_111_111 }, timestamp), cancellationToken);
            }
            else if (entry is DirectoryInfo folder)
            {
                await tar.WriteEntryAsync(DirectoryEntry(name, folder.UnixFileMode, timestamp), cancellationToken);
                await WriteTreeAsync(tar, folder, name, timestamp, cancellationToken);
            }
            else
            {
                await using var content = new FileStream(entry.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await tar.WriteEntryAsync(Stamped(new GnuTarEntry(TarEntryType.RegularFile, name) { Mode = entry.UnixFileMode, DataStream = content }, timestamp), cancellationToken);
            }
        }
    }

    private static GnuTarEntry DirectoryEntry(string name, UnixFileMode mode, DateTimeOffset timestamp) =>
        Stamped(new GnuTarEntry(TarEntryType.Directory, name + "/") { Mode = mode }, timestamp);

    /// <summary>Root-owned, every time the commit's: nothing of the machine that wrote the layer is in it.</summary>
    private static GnuTarEntry Stamped(GnuTarEntry entry, DateTimeOffset timestamp)
    {
        entry.ModificationTime = timestamp;
        entry.AccessTime = timestamp;
        entry.ChangeTime = timestamp;
        entry.Uid = 0;
        entry.Gid = 0;
        entry.UserName = "";
        entry.GroupName = "";
        return entry;
    }
}
