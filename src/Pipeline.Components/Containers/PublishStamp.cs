using Pipeline.Build.Caching;
using System.Text.RegularExpressions;

namespace Pipeline.Components.Containers;

/// <summary>
/// What a <c>dotnet publish</c> of a project depends on, as one hash: every file of the project and of the projects it
/// references (transitively, bin/ and obj/ left out) and the repository-wide build files. Equal stamps mean the
/// publish output would be the same, so a model-only change reuses it (and the image's app layer) instead of publishing again.
/// </summary>
internal static partial class PublishStamp
{
    private static readonly string[] RepositoryFiles = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "NuGet.config", "nuget.config"];

    public static string Of(string root, string project)
    {
        // the hasher the stage cache uses: its globs leave bin/, obj/ and the build's own state out
        var inputs = Closure(Path.GetFullPath(Path.Combine(root, project))).Select(directory => Path.GetRelativePath(root, directory).Replace('\\', '/') + "/**")
            .Concat(RepositoryFiles.Where(name => File.Exists(Path.Combine(root, name))));
        var hashes = ContentHash.Of(root, inputs, out _);
        return ContentHash.OfText(string.Join('\n', hashes.Select(entry => $"{entry.Key} {entry.Value}")));
    }

    /// <summary>The directories of the project and of every project it references.</summary>
    private static HashSet<string> Closure(string project)
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!File.Exists(next) || !directories.Add(Path.GetDirectoryName(next)!))
                continue;
            foreach (Match reference in ProjectReference().Matches(File.ReadAllText(next)))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, reference.Groups[1].Value.Replace('\\', '/'))));
        }

        return directories;
    }

    [GeneratedRegex(@"<ProjectReference\s+Include=""([^""]+)""")]
    private static partial Regex ProjectReference();
}
