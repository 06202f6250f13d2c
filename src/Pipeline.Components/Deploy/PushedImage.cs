using System.Text.Json;
using Pipeline.Build;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Deploy;

/// <summary>The image Push recorded: name pinned by digest, and the revision it was built from (Containerize may be up to date from an earlier commit).</summary>
public sealed record PushedImage(string ImageName, string Digest, string Revision)
{
    /// <summary>The image pinned by digest: <c>name@sha256:…</c>.</summary>
    public string Reference => $"{ImageName}@{Digest}";

    /// <summary>The reference with the digest cut to its first 12 hex digits, for logs.</summary>
    public string ShortReference => $"{ImageName}@{Digest[..Math.Min(19, Digest.Length)]}…";

    /// <summary>An image by its pinned reference (<c>name@sha256:…</c>), as a deploy record holds it.</summary>
    public static PushedImage Of(string reference, string revision) =>
        reference.Split('@') is [var name, var digest] ? new PushedImage(name, digest, revision) : throw new TargetFailedException($"The recorded image {reference} is not pinned by digest.");

    /// <summary>The image Push last recorded in this checkout; fails naming the fix when Push did not run.</summary>
    public static async Task<PushedImage> ReadAsync(AbsolutePath root, ContainerSettings container, CancellationToken cancellationToken)
    {
        var digestFile = root / container.DigestFile;
        if (!File.Exists(digestFile))
            throw new TargetFailedException($"The image digest is missing ({container.DigestFile}): Push did not run. Run ./build.sh Deploy without --skip Push.");
        var lines = await File.ReadAllLinesAsync(digestFile, cancellationToken);
        var digest = lines[0].Trim();
        if (lines is [_, _, var pushedRevision, ..] && pushedRevision.Trim().Length > 0)
            return new PushedImage(container.ImageName, digest, SourceRevision.Shorten(pushedRevision.Trim())); // the commit Push tagged the image with
        var imageFile = root / container.ImageFile;
        var built = File.Exists(imageFile)
            ? JsonSerializer.Deserialize<ImageRecord>(await File.ReadAllTextAsync(imageFile, cancellationToken), ImageRecord.Json)!.Revision
            : (await SourceRevision.OfAsync(root, cancellationToken)).Sha;
        return new PushedImage(container.ImageName, digest, SourceRevision.Shorten(built));
    }
}
