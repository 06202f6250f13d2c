namespace Pipeline.Components.Packaging;

/// <summary>What Pack packs and where PublishPackages sends it. Change it in <see cref="IPack.ConfigurePack"/>.</summary>
public sealed record PackSettings
{
    /// <summary>The projects to pack (.csproj paths relative to the root); empty packs every packable project of the solution.</summary>
    public IReadOnlyList<string> Projects { get; init; } = [];

    /// <summary>Where Pack writes the .nupkg and .snupkg files, relative to the root.</summary>
    public string OutputDirectory { get; init; } = ".nuke/packages";

    /// <summary>Where PublishPackages sends them: a folder (a local feed) or the URL of a NuGet v3 service index.</summary>
    public string Feed { get; init; } = ".nuke/feed";

    /// <summary>The feed's API key (sent as the X-NuGet-ApiKey header, never on a command line); folders need none.</summary>
    public string? ApiKey { get; init; }
}
