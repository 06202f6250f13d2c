using System.Collections.Concurrent;

namespace Pipeline.Build.Caching;

/// <summary>
/// The artifact store of a run and how to use it: restore missing files from it (--pull), upload new ones (--push),
/// at most <see cref="Parallelism"/> transfers at a time, with progress for large files. A store that cannot be
/// reached is a warning and a miss, so an offline run still works, only slower.
/// </summary>
internal sealed class ArtifactTransfer(IArtifactStore store, bool pull, bool push, int parallelism, IBuildLog log)
{
    private const long LargeFile = 16L << 20;

    /// <summary>Where objects go.</summary>
    public IArtifactStore Store => store;

    /// <summary>Whether missing outputs and data are restored from the store (--pull).</summary>
    public bool Pull => pull;

    /// <summary>Whether outputs and data are uploaded to the store (--push; on by default in CI).</summary>
    public bool Push => push;

    /// <summary>Transfers at a time (--transfers).</summary>
    public int Parallelism => Math.Max(1, parallelism);

    /// <summary>
    /// Brings files (relative path → SHA-256) under <paramref name="rootDirectory"/> to the recorded content, fetching
    /// those missing or different; returns the paths the store could not provide.
    /// </summary>
    public async Task<IReadOnlyList<string>> RestoreAsync(string rootDirectory, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var wanted = files.Where(file => !HasContent(Path.Combine(rootDirectory, file.Key), file.Value)).ToList();
        var restored = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var done = 0;
        await ForEachAsync(wanted, "download from", async (file, token) =>
        {
            if (await store.TryGetAsync(file.Value, Path.Combine(rootDirectory, file.Key), LargeFileProgress("pull " + file.Key), token))
                restored[file.Key] = true;
            if (wanted.Count > 1)
                log.Progress("pull", Interlocked.Increment(ref done), wanted.Count);
        }, cancellationToken);
        return [.. wanted.Select(file => file.Key).Where(path => !restored.ContainsKey(path)).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Uploads the files (relative path → SHA-256) the store does not hold yet; returns how many were sent. An
    /// unreachable store is a warning, or a failure when <paramref name="required"/>.
    /// </summary>
    public async Task<int> UploadAsync(string rootDirectory, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken, bool required = false)
    {
        var distinct = files.DistinctBy(file => file.Value).ToList(); // one upload per content
        IReadOnlySet<string> present;
        try
        {
            present = await store.FindAsync(distinct.Select(file => file.Value).ToList(), cancellationToken);
        }
        catch (ArtifactStoreUnavailableException exception) when (!required)
        {
            log.Warn($"Nothing uploaded: {exception.Message} A later run computes these outputs again.");
            return 0;
        }
        catch (ArtifactStoreUnavailableException exception)
        {
            throw new TargetFailedException($"Could not upload to the {store.Description}: {exception.Message}");
        }

        var toSend = distinct.Where(file => !present.Contains(file.Value)).ToList();
        var sent = 0;
        var failure = await ForEachAsync(toSend, required ? null : "upload to", async (file, token) =>
        {
            await store.PutAsync(file.Value, Path.Combine(rootDirectory, file.Key), LargeFileProgress("push " + file.Key), token);
            var count = Interlocked.Increment(ref sent);
            if (toSend.Count > 1)
                log.Progress("push", count, toSend.Count);
        }, cancellationToken);
        if (required && sent < toSend.Count)
            throw new TargetFailedException($"Uploaded {sent} of {toSend.Count} file(s) to the {store.Description}, which cannot take them now ({failure ?? "unreachable, or full"}); nothing points at the missing ones. Run again when it can.");
        return sent;
    }

    /// <summary>Transfers in parallel; on the first unavailable-store failure gives up the rest and returns its message.</summary>
    private async Task<string?> ForEachAsync(
        IReadOnlyList<KeyValuePair<string, string>> files,
        string? verb,
        Func<KeyValuePair<string, string>, CancellationToken, ValueTask> transfer,
        CancellationToken cancellationToken)
    {
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var unavailable = 0;
        string? failure = null;
        try
        {
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = giveUp.Token }, async (file, token) =>
            {
                try
                {
                    await transfer(file, token);
                }
                catch (ArtifactStoreUnavailableException exception)
                {
                    if (Interlocked.Exchange(ref unavailable, 1) == 0)
                    {
                        failure = exception.Message.TrimEnd('.');
                        if (verb is not null) // null: a required transfer, whose failure says it all
                            log.Warn($"Could not {verb} the {store.Description}: {exception.Message} Going on without it.");
                    }

                    await giveUp.CancelAsync(); // one unreachable store is enough: do not wait out the retries of every file
                }
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // given up on an unreachable store: the files not transferred stay misses
        }

        return failure;
    }

    private IProgress<TransferProgress> LargeFileProgress(string step)
    {
        var lastReported = -1;
        return new Progress(progress =>
        {
            if (progress.Total < LargeFile)
                return;
            var total = (int)((progress.Total + (1 << 20) - 1) >> 20);
            var done = progress.Bytes >= progress.Total ? total : (int)(progress.Bytes >> 20);
            if (Interlocked.Exchange(ref lastReported, done) != done) // once per MiB, however small the buffers
                log.Progress(step + " (MiB)", done, total);
        });
    }

    private static bool HasContent(string path, string sha256) => File.Exists(path) && ContentHasher.HashFile(path) == sha256;

    /// <summary>Reports on the calling thread: <see cref="Progress{T}"/> would post to a thread pool and reorder lines.</summary>
    private sealed class Progress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
