namespace Pipeline.Components.Restore;

/// <summary>What Restore restores and verifies. Change it in <see cref="IRestore.ConfigureRestore"/>.</summary>
public sealed record RestoreSettings
{
    /// <summary>The solution or project to restore; null restores the single solution at the root.</summary>
    public string? Solution { get; init; }

    /// <summary>Files whose change makes Restore run again on this machine (patterns, so a repository without one of them is fine).</summary>
    public IReadOnlyList<string> ProjectFiles { get; init; } = ["**/*.csproj", "**/Directory.*.props", "global*.json"];

    /// <summary>NuGet's restore results; Restore is up to date while they are unchanged.</summary>
    public IReadOnlyList<string> AssetsFiles { get; init; } = ["**/obj/project.assets.json"];

    /// <summary>Data files verified against <c>pipeline.lock</c>.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>
    /// How packages are restored: null runs <c>dotnet restore</c> of <see cref="Solution"/>; a command (program first) runs
    /// it instead (pip, npm, conda…); empty restores no packages and only verifies the data.
    /// </summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Python packages: <c>python3 -m pip install -r</c> the requirements file, re-run when it changes.</summary>
    public RestoreSettings ForPip(string requirementsFile = "requirements.txt") => this with
    {
        Command = ["python3", "-m", "pip", "install", "--disable-pip-version-check", "-r", requirementsFile],
        ProjectFiles = [requirementsFile],
        AssetsFiles = [],
    };

    /// <summary>Any package manager: <paramref name="command"/> runs when one of <paramref name="inputs"/> changes.</summary>
    public RestoreSettings ForCommand(IReadOnlyList<string> inputs, params IReadOnlyList<string> command) => this with
    {
        Command = command,
        ProjectFiles = inputs,
        AssetsFiles = [],
    };

    /// <summary>No packages to restore: Restore only verifies the data files.</summary>
    public RestoreSettings DataOnly() => this with { Command = [], ProjectFiles = [], AssetsFiles = [] };

    /// <summary>What Restore does, for <c>--help</c>.</summary>
    public string Describe() => Command switch
    {
        null => "Restore NuGet packages (dotnet restore) and verify the data files against pipeline.lock",
        [] => "Verify the data files against pipeline.lock (no packages to restore)",
        _ => $"Restore packages ({string.Join(' ', Command)}) and verify the data files against pipeline.lock",
    };
}
