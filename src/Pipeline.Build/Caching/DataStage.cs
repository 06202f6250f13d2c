using Pipeline.Build.IO;

namespace Pipeline.Build.Caching;

/// <summary>
/// The stage cache's data files (the <c>data:</c> block of <c>pipeline.lock</c>, like <c>dvc add</c>) and their
/// trips to and from the artifact store: verify (pulling missing files with --pull), record, store one large file.
/// </summary>
internal sealed class DataStage(AbsolutePath rootDirectory, ArtifactTransfer transfer, IBuildLog log, FileHashCache hashCache)
{
    /// <summary>
    /// Pulls missing tracked files (--pull), verifies them, uploads them (--push); starts tracking on the first run.
    /// Driven by the lock's <c>data:</c> block, so a recorded file that is absent is caught even when the files
    /// present are unchanged. Returns "all matches" for the caller to print when the target runs; null otherwise.
    /// </summary>
    public Task<string?> VerifyAsync(string dataDirectory, CancellationToken cancellationToken) => VerifyAsync(dataDirectory, trackWhenUntracked: true, cancellationToken);

    /// <summary>As <see cref="VerifyAsync(string, CancellationToken)"/>; a target that only reads the data passes false, so it never starts tracking a directory.</summary>
    public async Task<string?> VerifyAsync(string dataDirectory, bool trackWhenUntracked, CancellationToken cancellationToken)
    {
        var data = new TrackedData(rootDirectory, hashCache);
        var recorded = data.RecordedFiles(dataDirectory);
        if (recorded.Count == 0)
        {
            if (trackWhenUntracked && Directory.Exists(rootDirectory / dataDirectory))
                log.Info($"Tracking {data.Track(dataDirectory)} data file(s) under {dataDirectory}/ in {BuildLayout.LockFile} for the first time; commit it.");
            return null;
        }

        var verification = data.Verify(dataDirectory);
        if (verification.Missing.Count > 0 && transfer.Pull)
        {
            // only missing files: a changed data file is somebody's work, never overwritten
            var wanted = verification.Missing.ToDictionary(path => path, path => recorded[path]);
            var notInStore = await transfer.RestoreAsync(rootDirectory, wanted, cancellationToken);
            log.Info($"Pulled {wanted.Count - notInStore.Count} data file(s) from the {transfer.Store.Description}.");
            verification = data.Verify(dataDirectory);
        }

        foreach (var path in verification.Untracked)
            log.Warn($"{path} is not tracked in {BuildLayout.LockFile}; './build.sh TrackData' records it.");
        if (verification.IsIntact)
        {
            if (transfer.Push)
                await transfer.UploadAsync(rootDirectory, recorded, cancellationToken);
            return $"Data under {dataDirectory}/ matches {BuildLayout.LockFile}.";
        }

        var pull = transfer.Pull ? $"it is not in the {transfer.Store.Description} either" : "or pull it from the artifact store: ./build.sh Restore --pull";
        var problems = verification.Missing.Select(path => IsStoreOnly(path)
                ? $"{path} is missing (it lives in the artifact store, not in git: {(transfer.Pull ? $"it is not in the {transfer.Store.Description} either; push it from a machine that has it" : "./build.sh Restore --pull")})"
                : $"{path} is missing (restore it: git checkout -- {path}; {pull})")
            .Concat(verification.Changed.Select(path => $"{path} differs from the hash in {BuildLayout.LockFile}"));
        throw new TargetFailedException(
            $"Data files do not match {BuildLayout.LockFile}: {string.Join("; ", problems)}. If you changed data on purpose, run './build.sh TrackData' and commit {BuildLayout.LockFile}; otherwise restore the files with 'git checkout -- {dataDirectory}'.");
    }

    /// <summary>Records the current content of the files under the directory.</summary>
    public void Record(string dataDirectory)
    {
        var count = new TrackedData(rootDirectory, hashCache).Track(dataDirectory);
        log.Info($"Tracked {count} file(s) under {dataDirectory}/ in {BuildLayout.LockFile}; commit it.");
    }

    /// <summary>Records one file, uploads it (the store must be reachable) and git-ignores it.</summary>
    public async Task StoreAsync(string file, string dataDirectory, CancellationToken cancellationToken)
    {
        var full = rootDirectory / file;
        var relative = full.RelativeTo(rootDirectory);
        var prefix = dataDirectory.Replace('\\', '/').TrimEnd('/') + "/";
        if (!relative.StartsWith(prefix, StringComparison.Ordinal))
            throw new TargetFailedException($"--data-file {file} is outside {prefix}: move it under {prefix} (Restore verifies and pulls the files there).");
        if (!File.Exists(full))
            throw new TargetFailedException($"--data-file {relative} does not exist.");

        var data = new TrackedData(rootDirectory, hashCache);
        var hash = data.HashFile(relative);
        // the object first, then the pointer: a kill or a full disk mid-upload leaves the lock as it was
        await transfer.UploadAsync(rootDirectory, new Dictionary<string, string> { [relative] = hash }, cancellationToken, required: true);
        var ignoreFile = IgnoreInGit(full);
        data.RecordFile(relative, hash);
        var size = new FileInfo(full).Length;
        log.Info($"{relative} ({size:N0} bytes, sha256 {hash[..12]}) is in the {transfer.Store.Description} and git-ignored.");
        log.Info($"Commit {BuildLayout.LockFile} and {ignoreFile.RelativeTo(rootDirectory)}. If git tracked the file before: git rm --cached {relative}");
        if (transfer.Store is LocalArtifactStore)
            log.Warn("The local store is on this machine only: to share the file, run AddData again with --artifact-store gs://BUCKET/PREFIX.");
    }

    /// <summary>Whether AddData put the file in the store: git ignores it (<c>/name</c> in the .gitignore beside it).</summary>
    private bool IsStoreOnly(string relativePath)
    {
        var file = rootDirectory / relativePath;
        var ignoreFile = file.Parent! / ".gitignore";
        return File.Exists(ignoreFile) && File.ReadAllLines(ignoreFile).Contains("/" + file.Name);
    }

    /// <summary>Adds <c>/name</c> to the .gitignore beside the file (atomically), unless it is there; returns the .gitignore's path.</summary>
    private static AbsolutePath IgnoreInGit(AbsolutePath file)
    {
        var ignoreFile = file.Parent! / ".gitignore";
        var entry = "/" + file.Name;
        var lines = File.Exists(ignoreFile) ? File.ReadAllLines(ignoreFile).ToList() : [];
        if (!lines.Contains(entry))
            AtomicFile.WriteAllText(ignoreFile, string.Join('\n', lines.Append(entry)) + "\n");
        return ignoreFile;
    }
}
