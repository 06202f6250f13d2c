using System.Security.Cryptography;
using Pipeline.Build.IO;

namespace Pipeline.Build.Caching;

/// <summary>
/// The artifact store in a local directory (default <c>.nuke/cache</c>): objects at <c>ab/abcdef…</c>, written via a
/// temporary file and a rename so concurrent writers of the same object cannot tear it, checked on the way out.
/// </summary>
public sealed class LocalArtifactStore(string directory, string? displayPath = null, IBuildLog? log = null) : IArtifactStore
{
    private const long SmallFile = 1 << 20;
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);
    private bool swept;

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
        SweepAbandonedTemporaries();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await CopyAtomicallyAsync(sourcePath, target, hash: null, progress, cancellationToken); // another writer's identical object may land meanwhile
        }
        catch (Exception exception) when (exception is IOException and not FileNotFoundException or UnauthorizedAccessException)
        {
            // a full disk, a read-only or missing mount: the store cannot take objects now (no partial object is left)
            throw new ArtifactStoreUnavailableException($"The {Description} cannot store an object ({exception.Message}).", exception);
        }
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
        try
        {
            if (await CopyAtomicallyAsync(source, destinationPath, hash, progress, cancellationToken))
                return true;
        }
        catch (IOException exception) when (exception is not FileNotFoundException)
        {
            throw new TargetFailedException($"Could not write {destinationPath} from the {Description}: {exception.Message}", exception);
        }

        File.Delete(source); // corrupt: drop it so the next run stores a good copy
        log?.Warn($"The {Description} held a corrupt copy of {Path.GetFileName(destinationPath)} (object {sha256[..12]}… does not match its hash): removed it; the target computes it again.");
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

    /// <summary>Temporary files a killed writer left (older than any write in progress could be), once per instance.</summary>
    private void SweepAbandonedTemporaries()
    {
        if (swept || !Directory.Exists(directory))
            return;
        swept = true;
        foreach (var temporary in Directory.EnumerateFiles(directory, "*.tmp", SearchOption.AllDirectories))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(temporary) > AbandonedAfter)
                File.Delete(temporary);
        }
    }

    private string PathOf(string sha256) => Path.Combine(directory, sha256[..2], sha256);
}
