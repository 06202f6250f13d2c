using Pipeline.Build;
using Pipeline.Build.IO;

namespace Pipeline.Components.Packaging;

/// <summary>A local folder feed (flat: NuGet restores from a folder of .nupkg files). A published version is immutable, as on a server.</summary>
internal sealed class FolderFeed(string directory) : IPackageFeed
{
    public Task<string> PublishAsync(string package, CancellationToken cancellationToken)
    {
        var target = Path.Combine(directory, Path.GetFileName(package));
        if (File.Exists(target))
        {
            if (SameBytes(package, target))
                return Task.FromResult($"already in {directory}");
            throw new TargetFailedException(
                $"{target} already holds a different build of this version. A published version never changes: tag a new version (git tag v…), or delete the file if the feed is yours alone.");
        }

        AtomicFile.Write(target, temporary => File.Copy(package, temporary));
        return Task.FromResult($"published to {directory}");
    }

    private static bool SameBytes(string left, string right) =>
        new FileInfo(left).Length == new FileInfo(right).Length && File.ReadAllBytes(left).AsSpan().SequenceEqual(File.ReadAllBytes(right));
}
