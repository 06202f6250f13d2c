using System.Text.Json;
using Pipeline.Build;
using Pipeline.Build.IO;

namespace Pipeline.Components.Containers;

/// <summary>
/// An image built before a commit, pushed after it: Containerize stays up to date (its inputs did not change), so
/// the image is the commit's content. Push then tags the same image with the commit (no rebuild) and records it,
/// so Deploy names the commit, not the dirty build or an earlier commit.
/// </summary>
internal static class ImageRetag
{
    /// <summary>The image file's record, retagged with the work tree's commit when that commit is clean and the record names another revision.</summary>
    public static async Task<ImageRecord> ToCommitAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, ImageRecord image, IBuildLog log, CancellationToken cancellationToken)
    {
        var current = await SourceRevision.OfAsync(root, settings.Inputs(root), cancellationToken);
        if (current.IsDirty || current.Sha == "local" || current.Sha == image.Revision || image.Tags.Count == 0)
            return image;
        await tools.RunAsync("buildah", ["tag", $"{image.Image}:{image.Tags[^1]}", $"{image.Image}:{current.ShortSha}"], root, cancellationToken, quiet: true);
        log.Info($"Tagged {image.Image}:{image.Tags[^1]} as :{current.ShortSha}: commit {current.ShortSha} holds what the image was built from (no rebuild).");
        var retagged = image with { Tags = ["latest", current.ShortSha], Revision = current.Sha };
        AtomicFile.WriteAllText(root / settings.ImageFile, JsonSerializer.Serialize(retagged, ImageRecord.Json) + "\n");
        return retagged;
    }
}
