namespace Pipeline.Components.Restore;

/// <summary>What Restore restores and verifies. Change it in <see cref="IRestore.ConfigureRestore"/>.</summary>
public sealed record RestoreSettings
{
    /// <summary>The solution or project to restore; null restores the single solution at the root.</summary>
    public string? Solution { get; init; }

    /// <summary>Files whose change makes Restore run again on this machine.</summary>
    public IReadOnlyList<string> ProjectFiles { get; init; } = ["**/*.csproj", "Directory.Packages.props", "Directory.Build.props", "global.json"];

    /// <summary>NuGet's restore results; Restore is up to date while they are unchanged.</summary>
    public IReadOnlyList<string> AssetsFiles { get; init; } = ["**/obj/project.assets.json"];

    /// <summary>Data files verified against <c>pipeline.lock</c>.</summary>
    public string DataDirectory { get; init; } = "data";
}
