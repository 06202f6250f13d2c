using System.Text;
using Pipeline.Build.Caching;

namespace Pipeline.Components.Containers;

/// <summary>
/// What a user's app Containerfile (<see cref="ModelCopy"/>) reads from its context, as one SHA-256 over the paths,
/// modes and contents of its COPY and ADD sources: the same value, the same app image (layer caching by content, as
/// <c>buildah bud --layers</c> does, without a build to ask it). Null when the sources cannot be listed exactly
/// (globs, variables, URLs, an ignore file that may leave files out, a source holding the model) and the app image is
/// then built by buildah every time.
/// </summary>
internal static class AppSources
{
    private static readonly string[] IgnoreFiles = [".containerignore", ".dockerignore"];

    public static string? Fingerprint(string context, string appContainerfile, string modelFolder)
    {
        if (IgnoreFiles.Any(name => File.Exists(Path.Combine(context, name))))
            return null;
        var sources = ContainerfileSources.Parse(appContainerfile);
        if (sources.Any(source => source.IndexOfAny(['*', '?', '[', '$']) >= 0 || source.Contains("://", StringComparison.Ordinal) || Path.IsPathRooted(source)
            || modelFolder == source || modelFolder.StartsWith(source + "/", StringComparison.Ordinal)))
            return null;

        // contents through the checkout's hash cache (a file unchanged since it was last hashed is not read again); the
        // modes beside them, since COPY keeps them
        var hashes = ContentHash.Of(context, sources, out var missing);
        var listing = new StringBuilder();
        foreach (var (file, hash) in hashes)
            listing.Append($"{file} {(int)new FileInfo(Path.Combine(context, file)).UnixFileMode} {hash}\n");
        foreach (var source in missing)
            listing.Append($"{source} missing\n"); // buildah names it when it builds
        return ContentHash.OfText(listing.ToString());
    }
}
