using Pipeline.Build;
using Pipeline.Build.Caching;

namespace Pipeline.Components.Restore;

/// <summary>
/// Restore's data step: pull tracked files that are missing (--pull), verify them against pipeline.lock (or start
/// tracking on the first run), and upload them (--push) so other machines can pull them.
/// </summary>
internal static class DataCheck
{
    public static async Task VerifyOrTrackAsync(IPipelineBuild build, string dataDirectory, CancellationToken cancellationToken)
    {
        var data = new TrackedData(build.RootDirectory);
        var recorded = data.RecordedFiles(dataDirectory);
        if (recorded.Count == 0)
        {
            if (Directory.Exists(Path.Combine(build.RootDirectory, dataDirectory)))
                build.Log.Info($"Tracking {data.Track(dataDirectory)} data file(s) under {dataDirectory}/ in pipeline.lock for the first time; commit it.");
            return;
        }

        var verification = data.Verify(dataDirectory);
        if (verification.Missing.Count > 0 && build.Artifacts.Pull)
        {
            // only missing files: a changed data file is somebody's work, never overwritten
            var wanted = verification.Missing.ToDictionary(path => path, path => recorded[path]);
            var notInStore = await build.Artifacts.RestoreAsync(build.RootDirectory, wanted, cancellationToken);
            build.Log.Info($"Pulled {wanted.Count - notInStore.Count} data file(s) from the {build.Artifacts.Store.Description}.");
            verification = data.Verify(dataDirectory);
        }

        foreach (var path in verification.Untracked)
            build.Log.Warn($"{path} is not tracked in pipeline.lock; './build.sh TrackData' records it.");
        if (verification.IsIntact)
        {
            build.Log.Info($"Data under {dataDirectory}/ matches pipeline.lock.");
            if (build.Artifacts.Push)
                await build.Artifacts.UploadAsync(build.RootDirectory, recorded, cancellationToken);
            return;
        }

        var pull = build.Artifacts.Pull ? $"it is not in the {build.Artifacts.Store.Description} either" : "or pull it from the artifact store: ./build.sh Restore --pull";
        var problems = verification.Missing.Select(path => $"{path} is missing (restore it: git checkout -- {path}; {pull})")
            .Concat(verification.Changed.Select(path => $"{path} differs from the hash in pipeline.lock"));
        throw new TargetFailedException(
            $"Data files do not match pipeline.lock: {string.Join("; ", problems)}. If you changed data on purpose, run './build.sh TrackData' and commit pipeline.lock; otherwise restore the files with 'git checkout -- {dataDirectory}'.");
    }
}
