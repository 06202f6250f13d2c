using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Build.IO;

namespace Pipeline.Components.Restore;

/// <summary>
/// AddData, like <c>dvc add</c>: a large data file goes to the artifact store instead of git. Its hash in the
/// <c>data:</c> block of pipeline.lock is the committed pointer; a <c>.gitignore</c> beside it keeps the bytes out of
/// git; <c>./build.sh Restore --pull</c> brings it back on another machine.
/// </summary>
internal static class StoredData
{
    public static async Task AddAsync(IPipelineBuild build, string file, string dataDirectory, CancellationToken cancellationToken)
    {
        var relative = Path.GetRelativePath(build.RootDirectory, Path.GetFullPath(Path.Combine(build.RootDirectory, file))).Replace('\\', '/');
        var prefix = dataDirectory.Replace('\\', '/').TrimEnd('/') + "/";
        if (!relative.StartsWith(prefix, StringComparison.Ordinal))
            throw new TargetFailedException($"--data-file {file} is outside {prefix}: move it under {prefix} (Restore verifies and pulls the files there).");
        var full = Path.Combine(build.RootDirectory, relative);
        if (!File.Exists(full))
            throw new TargetFailedException($"--data-file {relative} does not exist.");

        var hash = new TrackedData(build.RootDirectory).TrackFile(relative);
        await build.Artifacts.UploadAsync(build.RootDirectory, new Dictionary<string, string> { [relative] = hash }, cancellationToken, required: true);
        var ignoreFile = IgnoreInGit(full);
        var size = new FileInfo(full).Length;
        build.Log.Info($"{relative} ({size:N0} bytes, sha256 {hash[..12]}) is in the {build.Artifacts.Store.Description} and git-ignored.");
        build.Log.Info($"Commit pipeline.lock and {Path.GetRelativePath(build.RootDirectory, ignoreFile).Replace('\\', '/')}. If git tracked the file before: git rm --cached {relative}");
        if (build.Artifacts.Store is LocalArtifactStore)
            build.Log.Warn("The local store is on this machine only: to share the file, run AddData again with --artifact-store gs://BUCKET/PREFIX.");
    }

    /// <summary>Adds <c>/name</c> to the .gitignore beside the file (atomically), unless it is there; returns the .gitignore's path.</summary>
    private static string IgnoreInGit(string fullPath)
    {
        var ignoreFile = Path.Combine(Path.GetDirectoryName(fullPath)!, ".gitignore");
        var entry = "/" + Path.GetFileName(fullPath);
        var lines = File.Exists(ignoreFile) ? File.ReadAllLines(ignoreFile).ToList() : [];
        if (!lines.Contains(entry))
            AtomicFile.WriteAllText(ignoreFile, string.Join('\n', lines.Append(entry)) + "\n");
        return ignoreFile;
    }
}
