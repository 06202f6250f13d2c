using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>
/// A throw-away repository with a user's build on top of this repository's engine: the build's files, a
/// build/_build.csproj referencing src/Pipeline.Components, build.sh and the props a build needs, and .nuke/.
/// </summary>
internal static class ScratchRepository
{
    public static string Create(string prefix, IEnumerable<(string Path, string Content)> files)
    {
        var root = Directory.CreateTempSubdirectory(prefix).FullName;
        var template = Path.Combine(RepositoryRoot.Path, "tests/Fixtures/SeedRepository/build/_build.csproj.template");
        foreach (var (path, content) in files.Append(("build/_build.csproj", File.ReadAllText(template).Replace("{{PIPELINE_SRC}}", Path.Combine(RepositoryRoot.Path, "src"))))
                     .Append((".nuke/parameters.json", "{}\n")))
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        foreach (var file in new[] { "build.sh", "Directory.Build.props", "Directory.Packages.props", "global.json" })
            File.Copy(Path.Combine(RepositoryRoot.Path, file), Path.Combine(root, file));
        return root;
    }

    /// <summary>A fixture file's content, for <see cref="Create"/>.</summary>
    public static (string Path, string Content) Fixture(string fixturePath, string path) =>
        (path, File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests/Fixtures", fixturePath)));
}
