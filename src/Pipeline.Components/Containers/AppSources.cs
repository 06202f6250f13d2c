using System.Security.Cryptography;
using System.Text;

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

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var source in sources.Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(context, source);
            if (File.Exists(path))
                Add(hash, source, path);
            else if (Directory.Exists(path))
                foreach (var file in Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
                    Add(hash, Path.GetRelativePath(context, file), file);
            else
                hash.AppendData(Encoding.UTF8.GetBytes($"{source} missing\n")); // buildah names it when it builds
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Add(IncrementalHash hash, string name, string file)
    {
        using var content = File.OpenRead(file);
        hash.AppendData(Encoding.UTF8.GetBytes($"{name.Replace('\\', '/')} {(int)new FileInfo(file).UnixFileMode} {Convert.ToHexStringLower(SHA256.HashData(content))}\n"));
    }
}
