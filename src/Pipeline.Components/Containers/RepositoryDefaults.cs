using System.Text.RegularExpressions;
using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>
/// What the container settings default to when a build does not say: derived from the repository, never from this
/// project's own sample (an image named after the repository, the one ASP.NET project it has).
/// </summary>
internal static partial class RepositoryDefaults
{
    private static readonly HashSet<string> NotSources = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules", "build", "tests", "test", "artifacts" };

    /// <summary>The repository's directory name as an OCI repository name (lower case; runs of other characters become one '-'), or <c>model</c>.</summary>
    public static string ImageRepository(AbsolutePath root)
    {
        var name = InvalidRun().Replace(Path.GetFileName(root.Value.TrimEnd('/')).ToLowerInvariant(), "-").Trim('-', '.', '_');
        return name.Length > 0 ? name : "model";
    }

    /// <summary>The last segment of an image repository: the container the image runs as (<c>team/iris</c> → <c>iris</c>).</summary>
    public static string ContainerName(string imageRepository) => imageRepository.Split('/')[^1];

    /// <summary>The ASP.NET projects (Sdk <c>Microsoft.NET.Sdk.Web</c>) within three folders of the root, outside tests, build and outputs, relative and sorted.</summary>
    public static IReadOnlyList<string> ServingProjects(AbsolutePath root)
    {
        var found = new List<string>();
        Search(root.Value, depth: 0);
        found.Sort(StringComparer.Ordinal);
        return found;

        void Search(string directory, int depth)
        {
            foreach (var project in Directory.EnumerateFiles(directory, "*.csproj"))
            {
                if (WebSdk().IsMatch(File.ReadAllText(project)))
                    found.Add(Path.GetRelativePath(root.Value, project).Replace('\\', '/'));
            }

            if (depth == 3)
                return;
            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !NotSources.Contains(name))
                    Search(child, depth + 1);
            }
        }
    }

    /// <summary>The assembly a project builds: its AssemblyName when it sets one, else its file name, with .dll.</summary>
    public static string EntryAssembly(AbsolutePath root, string project)
    {
        var path = root / project;
        var declared = File.Exists(path) ? AssemblyName().Match(File.ReadAllText(path)) : Match.Empty;
        return (declared.Success ? declared.Groups[1].Value.Trim() : Path.GetFileNameWithoutExtension(project)) + ".dll";
    }

    [GeneratedRegex("[^a-z0-9._/-]+|[._-]{2,}")]
    private static partial Regex InvalidRun();

    [GeneratedRegex("""Sdk\s*=\s*"Microsoft\.NET\.Sdk\.Web""")]
    private static partial Regex WebSdk();

    [GeneratedRegex("<AssemblyName>([^<$]+)</AssemblyName>")]
    private static partial Regex AssemblyName();
}
