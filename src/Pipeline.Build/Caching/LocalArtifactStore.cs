using System.Security.Cryptography;
using Pipeline.Build.IO;

namespace Pipeline.Build.Caching;

/// <summary>
/// The artifact store in a local directory (default <c>.nuke/cache</c>): objects at <c>ab/abcdef…</c>, written via a
/// temporary file and a rename so concurrent writers of the same object cannot tear it, checked on the way out.
/// </summary>
public sealed class LocalArtifactStore(string directory, string? displayPath = null) : IArtifactStore
{
    private const long SmallFile = 1 << 20;

    /// <inheritdoc />
    public string Description => $"local store {displayPath ?? directory}";

    /// <inheritdoc />
    public Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(sha256)));

    /// <inheritdoc />
    public async Task PutAsync(string sha256, string sourcePath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var target = PathOf(sha256);
        if (File.Exists(target))
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await CopyAtomicallyAsync(sourcePath, target, hash: null, progress, cancellationToken); // another writer's identical object may land meanwhile
    }

    /// <inheritdoc />
    public async Task<bool> TryGetAsync(string sha256, string destinationPath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var source = PathOf(sha256);
        if (!File.Exists(source))
            return false;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destinationPath))!);
        // hashed while copying: one read of the object instead of two
        if (await CopyAtomicallyAsync(source, destinationPath, hash, progress, cancellationToken))
            return true;
        File.Delete(source); // corrupt: drop it so the next run stores a good copy
        return false;
    }

    private static async Task<bool> CopyAtomicallyAsync(string source, string destination, IncrementalHash? hash, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var temporary = $"{destination}.{Guid.NewGuid():N}.tmp";
        try
        {
            var size = new FileInfo(source).Length;
            if (size <= SmallFile)
            {
                // small objects in one synchronous read and write: async file I/O costs more than the copy here
                var bytes = File.ReadAllBytes(source);
                hash?.AppendData(bytes);
                File.WriteAllBytes(temporary, bytes);
                progress?.Report(new TransferProgress(bytes.Length, bytes.Length));
            }
            else
            {
                await using var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
                await using var to = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await HashingCopy.CopyAsync(from, to, hash, progress is null ? null : bytes => progress.Report(new TransferProgress(bytes, size)), cancellationToken);
            }

            if (hash is not null && Convert.ToHexStringLower(hash.GetHashAndReset()) != Path.GetFileName(source))
                return false;
            File.Move(temporary, destination, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private string PathOf(string sha256) => Path.Combine(directory, sha256[..2], sha256);
}
