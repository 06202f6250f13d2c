using System.Security.Cryptography;
using System.Text;
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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Closure(Path.GetFullPath(Path.Combine(root, project)))
            .SelectMany(directory => Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(file => !InBuildOutput(directory, file)))
            .Concat(RepositoryFiles.Select(name => Path.Combine(root, name)).Where(File.Exists))
            .Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
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

    private static bool InBuildOutput(string directory, string file)
    {
        var first = Path.GetRelativePath(directory, file).Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    [GeneratedRegex(@"<ProjectReference\s+Include=""([^""]+)""")]
    private static partial Regex ProjectReference();
}
