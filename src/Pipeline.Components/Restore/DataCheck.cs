using Pipeline.Build;
using Pipeline.Build.Caching;

namespace Pipeline.Components.Restore;

/// <summary>Restore's data step: verify tracked files, or start tracking on the first run.</summary>
internal static class DataCheck
{
    public static void VerifyOrTrack(IPipelineBuild build, string dataDirectory)
    {
        var data = new TrackedData(build.RootDirectory);
        if (!Directory.Exists(Path.Combine(build.RootDirectory, dataDirectory)) && !data.IsTracked(dataDirectory))
            return;
        if (!data.IsTracked(dataDirectory))
        {
            build.Log.Info($"Tracking {data.Track(dataDirectory)} data file(s) under {dataDirectory}/ in pipeline.lock for the first time; commit it.");
            return;
        }

        var verification = data.Verify(dataDirectory);
        foreach (var path in verification.Untracked)
            build.Log.Warn($"{path} is not tracked in pipeline.lock; './build.sh TrackData' records it.");
        if (verification.IsIntact)
        {
            build.Log.Info($"Data under {dataDirectory}/ matches pipeline.lock.");
            return;
        }

        var problems = verification.Missing.Select(path => $"{path} is missing (restore it: git checkout -- {path})")
            .Concat(verification.Changed.Select(path => $"{path} differs from the hash in pipeline.lock"));
        throw new TargetFailedException(
            $"Data files do not match pipeline.lock: {string.Join("; ", problems)}. If you changed data on purpose, run './build.sh TrackData' and commit pipeline.lock; otherwise restore the files with 'git checkout -- {dataDirectory}'.");
    }
}
