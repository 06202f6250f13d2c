using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>
/// This checkout's packages packed to a folder feed under a version of their own (the NuGet cache never serves an
/// earlier run's build of the same version) and the template installed from it into a hive of its own: what a new
/// user's repository references, with nothing of this checkout but the packages.
/// </summary>
internal sealed class PackedTemplate : IDisposable
{
    private static readonly string[] PackedProjects = ["Pipeline.Build", "Pipeline.CI", "Pipeline.Components", "Pipeline.Components.Report", "Pipeline.Components.Kubernetes", "Pipeline.Templates"];

    private PackedTemplate(string root, string version)
    {
        Root = root;
        Version = version;
    }

    /// <summary>The folder holding the feed, the hive and the pack output.</summary>
    public string Root { get; }

    /// <summary>The folder feed of the packages.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The template hive (<c>--debug:custom-hive</c>).</summary>
    public string Hive => Path.Combine(Root, "hive");

    public string Version { get; }

    public static async Task<PackedTemplate> CreateAsync(CancellationToken cancellationToken)
    {
        var packed = new PackedTemplate(Directory.CreateTempSubdirectory("pipeline-adoption-feed-").FullName, $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}");
        Directory.CreateDirectory(packed.Feed);
        foreach (var project in PackedProjects)
            await SucceedAsync("dotnet", ["pack", Path.Combine(RepositoryRoot.Path, "src", project, project + ".csproj"), "-c", "Release", "-o", packed.Feed, "--artifacts-path", Path.Combine(packed.Root, "pack"), $"-p:MinVerVersionOverride={packed.Version}", "-nologo", "-v", "q"], RepositoryRoot.Path, cancellationToken);
        await SucceedAsync("dotnet", ["new", "install", Path.Combine(packed.Feed, $"Pipeline.Templates.{packed.Version}.nupkg"), "--debug:custom-hive", packed.Hive], packed.Root, cancellationToken);
        return packed;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static async Task SucceedAsync(string program, IReadOnlyList<string> arguments, string directory, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await Processes.RunAsync(program, arguments, directory, cancellationToken);
        Assert.That(exitCode, Is.Zero, $"{program} {string.Join(' ', arguments)} failed:\n{output}");
    }
}
