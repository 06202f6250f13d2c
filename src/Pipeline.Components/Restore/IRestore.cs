using Pipeline.Build;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Restore;

/// <summary>
/// Restore: the packages (<c>dotnet restore</c> of the solution by default; pip or any command through
/// <see cref="RestoreSettings.Command"/>) and a check of the data files against the hashes in <c>pipeline.lock</c>.
/// Cached per machine: it runs again when a package manifest or a data file changes.
/// TrackData records data files changed on purpose; AddData keeps a large one in the artifact store.
/// </summary>
public interface IRestore : IPipelineBuild
{
    /// <summary>The defaults, before <see cref="ConfigureRestore"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Every component has an instance settings base; this one needs no parameter yet.")]
    sealed RestoreSettings RestoreSettingsBase => new();

    /// <summary>The settings of this run: <see cref="RestoreSettingsBase"/> through <see cref="ConfigureRestore"/>, evaluated once.</summary>
    sealed RestoreSettings RestoreSettings => Settings(() => ConfigureRestore(RestoreSettingsBase));

    /// <summary>Override to change what is restored and verified.</summary>
    RestoreSettings ConfigureRestore(RestoreSettings settings) => settings;

    /// <summary>Restores packages and verifies data.</summary>
    Target Restore => _ => _
        .Description(RestoreSettings.Describe())
        .Inputs([.. RestoreSettings.ProjectFiles, RestoreSettings.DataDirectory])
        .Outputs([.. RestoreSettings.AssetsFiles])
        .CachedPerMachine()
        .VerifiesData(RestoreSettings.DataDirectory)
        .RestoresCachedOutputs()
        .Executes(async cancellationToken =>
        {
            switch (RestoreSettings.Command)
            {
                case null:
                    var solution = RestoreSettings.Solution ?? SolutionFinder.Find(RootDirectory);
                    await ProcessRunner.RunAsync(Log, "dotnet", ["restore", solution, "--nologo", "-v", "q"], RootDirectory, cancellationToken);
                    break;
                case { Count: > 0 } command:
                    await ProcessRunner.RunAsync(Log, command[0], [.. command.Skip(1)], RootDirectory, cancellationToken);
                    break;
            }
        });

    /// <summary>The data file AddData moves to the artifact store.</summary>
    [Parameter("Data file for AddData to keep in the artifact store instead of git, e.g. data/images.tar")]
    string? DataFile => Parameter<string?>(null);

    /// <summary>Keeps a large data file in the artifact store; pipeline.lock holds its hash.</summary>
    Target AddData => _ => _
        .Description("Keep a large data file in the artifact store instead of git: record its hash in pipeline.lock, upload it, git-ignore it (Restore --pull brings it back)")
        .Requires(() => DataFile)
        .StoresData(() => DataFile!, RestoreSettings.DataDirectory);

    /// <summary>Records the current data files in pipeline.lock.</summary>
    Target TrackData => _ => _
        .Description("Record the hashes of the files in the data directory in pipeline.lock (after changing data on purpose)")
        .RecordsData(RestoreSettings.DataDirectory);
}
