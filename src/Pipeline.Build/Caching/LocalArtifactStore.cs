using System.Security.Cryptography;
using Pipeline.Build.IO;

namespace Pipeline.Build.Caching;

/// <summary>
/// The artifact store in a local directory (default <c>.nuke/cache</c>): objects at <c>ab/abcdef…</c>, written via a
/// temporary file and a rename so concurrent writers of the same object cannot tear it, checked on the way out unless
/// checked before and not written since (<see cref="VerifiedObjects"/>).
/// </summary>
public sealed class LocalArtifactStore(string directory, string? displayPath = null, IBuildLog? log = null) : IArtifactStore
{
    private const long SmallFile = 1 << 20;
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);
    private readonly VerifiedObjects verified = new(directory);
    private bool swept;

    /// <inheritdoc />
    public string Description => $"local store {displayPath ?? directory}";

    /// <inheritdoc />
    public Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(sha256)));

    /// <inheritdoc />
    public async Task PutAsync(string sha256, string sourcePath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var target = PathOf(sha256);
        SweepAbandonedTemporaries();
        if (File.Exists(target))
        {
            RemoveDeadTemporariesOf(target);
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // no such mount, a read-only or foreign file system: the store cannot take objects now
            throw new ArtifactStoreUnavailableException($"The {Description} cannot store an object ({exception.Message}).", exception);
        }

        try
        {
            await CopyAtomicallyAsync(sourcePath, target, progress, cancellationToken); // another writer's identical object may land meanwhile
            RemoveDeadTemporariesOf(target);
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
        var objectPath = PathOf(sha256);
        var stamp = FileStamp.TryOf(objectPath);
        if (stamp is { } known && verified.Holds(sha256, known))
            return await WriteViaTemporaryAsync(destinationPath, temporary => Task.FromResult(CopyTrusted(objectPath, temporary, progress)));
        FileStream from;
        try
        {
            from = new FileStream(objectPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }

        bool matches;
        await using (from)
            matches = await WriteViaTemporaryAsync(destinationPath, temporary => CopyVerifiedAsync(from, temporary, sha256, progress, cancellationToken));

        if (matches)
        {
            if (stamp is { } before && FileStamp.TryOf(objectPath) == before)
                verified.Remember(sha256, before); // the stamp held while it was read: what was hashed is what has it
            return true;
        }

        File.Delete(objectPath); // corrupt: drop it so the next run stores a good copy
        log?.Warn($"The {Description} held a corrupt copy of {Path.GetFileName(destinationPath)} (object {sha256[..12]}… does not match its hash): removed it.");
        return false;
    }

    /// <summary>
    /// Fills a temporary sibling of <paramref name="destination"/> with <paramref name="write"/> and renames it into place
    /// when it says the content is good; a file that cannot be written fails the target, naming it.
    /// </summary>
    private async Task<bool> WriteViaTemporaryAsync(string destination, Func<string, Task<bool>> write)
    {
        var temporary = $"{destination}.{Guid.NewGuid():N}.tmp";
        var moved = false;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
            if (!await write(temporary))
                return false;
            File.Move(temporary, destination, overwrite: true);
            moved = true;
            return true;
        }
        catch (IOException exception) when (exception is not FileNotFoundException)
        {
            throw new TargetFailedException($"Could not write {destination} from the {Description}: {exception.Message}", exception);
        }
        finally
        {
            if (!moved)
                File.Delete(temporary);
        }
    }

    /// <summary>An object verified before and not written since, copied by the kernel: nothing reads it here. False when it was removed since its stamp was read.</summary>
    private static bool CopyTrusted(string objectPath, string temporary, IProgress<TransferProgress>? progress)
    {
        try
        {
            File.Copy(objectPath, temporary);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException && !File.Exists(objectPath))
        {
            return false;
        }

        if (progress is not null)
        {
            var size = new FileInfo(temporary).Length;
            progress.Report(new TransferProgress(size, size));
        }

        return true;
    }

    /// <summary>Copies an object to <paramref name="temporary"/> and says whether its content has the expected hash (hashed while copying: one read of the object instead of two).</summary>
    private static async Task<bool> CopyVerifiedAsync(FileStream from, string temporary, string sha256, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var size = from.Length;
        if (size <= SmallFile)
        {
            // small objects: one synchronous read, a one-shot hash and one write (async I/O and an incremental hash cost more than the copy)
            var bytes = new byte[size];
            from.ReadExactly(bytes);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes, digest);
            if (!Convert.ToHexStringLower(digest).Equals(sha256, StringComparison.Ordinal))
                return false;
            File.WriteAllBytes(temporary, bytes);
            progress?.Report(new TransferProgress(bytes.Length, bytes.Length));
            return true;
        }

        // the kernel copies (File.Copy: a reflink or copy_file_range) while this thread hashes the same pages, so a
        // restore takes the longer of the two instead of their sum; nothing is renamed into place unverified
        var copying = Task.Run(() => File.Copy(from.Name, temporary), CancellationToken.None);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            await HashingCopy.CopyAsync(from, Stream.Null, hash, progress is null ? null : bytes => progress.Report(new TransferProgress(bytes, size)), cancellationToken);
        }
        finally
        {
            await copying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // the temporary file is deleted only once nothing writes it
        }

        await copying;
        return Convert.ToHexStringLower(hash.GetHashAndReset()).Equals(sha256, StringComparison.Ordinal);
    }

    private static async Task CopyAtomicallyAsync(string source, string destination, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var temporary = StoreWriter.TemporaryFor(destination);
        try
        {
            await using var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            var size = from.Length;
            await using (var to = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, size <= SmallFile ? FileOptions.None : FileOptions.Asynchronous))
                await HashingCopy.CopyAsync(from, to, hash: null, progress is null ? null : bytes => progress.Report(new TransferProgress(bytes, size)), cancellationToken);
            Durable.Replace(temporary, destination); // a store object is the only copy of tracked data: it must survive a crash whole
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Temporary files killed writers left, once per instance when it first writes: those of a writer of this host that
    /// no longer runs whatever their age, others (another host's, or unnamed) once older than any write in progress could be.
    /// </summary>
    private void SweepAbandonedTemporaries()
    {
        if (swept || !Directory.Exists(directory))
            return;
        swept = true;
        foreach (var temporary in Directory.EnumerateFiles(directory, "*.tmp", SearchOption.AllDirectories))
        {
            if (StoreWriter.IsDead(temporary) ?? DateTime.UtcNow - File.GetLastWriteTimeUtc(temporary) > AbandonedAfter)
                TryDelete(temporary);
        }
    }

    /// <summary>The object is in place: the temporaries dead writers left for it are of no use to anyone.</summary>
    private static void RemoveDeadTemporariesOf(string target)
    {
        foreach (var temporary in Directory.EnumerateFiles(Path.GetDirectoryName(target)!, Path.GetFileName(target) + ".*.tmp"))
        {
            if (StoreWriter.IsDead(temporary) == true)
                TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // another sweeper took it, or the file system is read-only: nothing to do
        }
    }

    private string PathOf(string sha256) => Path.Combine(directory, sha256[..2], sha256);
}
