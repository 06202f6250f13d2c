using Pipeline.Build;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Packaging;

/// <summary>
/// Pack: NuGet packages of the library projects (version from git tags, deterministic, with symbols), and
/// PublishPackages: those packages to a folder feed (the default) or a NuGet server, the API key kept off argv.
/// </summary>
public interface IPack : IPipelineBuild
{
    /// <summary>Where PublishPackages sends the packages.</summary>
    [Parameter("NuGet feed for PublishPackages: a folder (default .nuke/feed) or a v3 service index URL such as https://api.nuget.org/v3/index.json")]
    string? PackageFeed => Parameter<string?>(null);

    /// <summary>The feed's API key.</summary>
    [Parameter("API key of a --package-feed server: set PIPELINE_PACKAGE_FEED_API_KEY (a CI secret); it is sent as a header, never on a command line"), Secret]
    string? PackageFeedApiKey => Parameter<string?>(null);

    /// <summary>The defaults from the parameters, before <see cref="ConfigurePack"/>.</summary>
    sealed PackSettings PackSettingsBase
    {
        get
        {
            var defaults = new PackSettings();
            return defaults with { Feed = PackageFeed ?? defaults.Feed, ApiKey = PackageFeedApiKey };
        }
    }

    /// <summary>The settings of this run: <see cref="PackSettingsBase"/> through <see cref="ConfigurePack"/>, evaluated once.</summary>
    sealed PackSettings PackSettings => Settings(() => ConfigurePack(PackSettingsBase));

    /// <summary>Override to choose the projects, the output folder or the feed.</summary>
    PackSettings ConfigurePack(PackSettings settings) => settings;

    /// <summary>Packs the library projects.</summary>
    Target Pack => _ => _
        .Description("Pack the library projects into NuGet packages under .nuke/packages (version from the nearest v* git tag)")
        .Executes(async cancellationToken =>
        {
            var output = RootDirectory / PackSettings.OutputDirectory;
            PackageFolder.Clear(output);
            var projects = PackSettings.Projects.Count > 0 ? PackSettings.Projects : [Restore.SolutionFinder.Find(RootDirectory)];
            foreach (var project in projects)
                await ProcessRunner.RunAsync(Log, "dotnet", ["pack", project, "-c", "Release", "-o", output, "--nologo", "-v", "q", "-clp:NoSummary"], RootDirectory, cancellationToken);
            var packages = PackageFolder.Packages(output);
            if (packages.Count == 0)
                throw new TargetFailedException($"dotnet pack wrote no package to {PackSettings.OutputDirectory}. Mark the library projects <IsPackable>true</IsPackable>, or name them in ConfigurePack: settings with {{ Projects = [\"src/My.Library/My.Library.csproj\"] }}.");
            foreach (var package in packages)
                Log.Info($"Packed {Path.GetFileName(package)}");
        });

    /// <summary>Publishes the packed packages.</summary>
    Target PublishPackages => _ => _
        .Description("Publish the packages from Pack to --package-feed (a folder feed by default; a NuGet server with the key in PIPELINE_PACKAGE_FEED_API_KEY)")
        .DependsOn(Pack)
        .Executes(async cancellationToken =>
        {
            if (PackSettings.ApiKey is { } key)
                Log.MaskSecret(key);
            var packages = PackageFolder.Packages(RootDirectory / PackSettings.OutputDirectory);
            var feed = PackageFeeds.Open(RootDirectory, PackSettings);
            foreach (var package in packages)
                Log.Info($"{Path.GetFileName(package)}: {await feed.PublishAsync(package, cancellationToken)}");
        });
}
