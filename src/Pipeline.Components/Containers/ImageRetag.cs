using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>
/// An image built before a commit, pushed after it: Containerize stays up to date (its inputs did not change), so
/// the image is the commit's content. Push then tags the same image with the commit (no rebuild), and its digest
/// file records the commit, so Deploy names the commit, not the dirty build or an earlier commit. The image file
/// stays as Containerize wrote it: rewriting another target's output would make Containerize run again next time.
/// </summary>
internal static class ImageRetag
{
    /// <summary>
    /// The image file's record, retagged with the work tree's commit when that commit is clean and the record names
    /// another revision; <paramref name="pushedRevision"/> is the revision the last push of this image recorded (its
    /// commit tag exists then, and is not made again).
    /// </summary>
    public static async Task<ImageRecord> ToCommitAsync(AbsolutePath root, ContainerSettings settings, ContainerTools tools, ImageRecord image, string? pushedRevision, IBuildLog log, CancellationToken cancellationToken)
    {
        var current = await SourceRevision.OfAsync(root, settings.Inputs(root), cancellationToken);
        if (current.IsDirty || current.Sha == "local" || current.Sha == image.Revision || image.Tags.Count == 0)
            return image;
        if (pushedRevision != current.Sha)
        {
            await tools.RunAsync("buildah", ["tag", $"{image.Image}:{image.Tags[^1]}", $"{image.Image}:{current.ShortSha}"], root, cancellationToken, quiet: true);
            log.Info($"Tagged {image.Image}:{image.Tags[^1]} as :{current.ShortSha}: commit {current.ShortSha} holds what the image was built from (no rebuild).");
        }

        return image with { Tags = ["latest", current.ShortSha], Revision = current.Sha };
    }
}
