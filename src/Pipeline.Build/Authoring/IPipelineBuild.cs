using System.Runtime.CompilerServices;

namespace Pipeline.Build;

/// <summary>
/// What every build, and every component interface, can reach: the paths, the log, the parameters of the run and
/// the settings of its components.
/// </summary>
public interface IPipelineBuild
{
    /// <summary>The repository root (the directory holding <c>.nuke/</c>); join with <c>/</c>: <c>RootDirectory / "data"</c>.</summary>
    AbsolutePath RootDirectory { get; }

    /// <summary>Where targets write what they produce (<see cref="BuildLayout.ArtifactsDirectory"/>).</summary>
    AbsolutePath ArtifactsDirectory { get; }

    /// <summary>Scratch space of the build that is never committed (<see cref="BuildLayout.TemporaryDirectory"/>).</summary>
    AbsolutePath TemporaryDirectory { get; }

    /// <summary>The build's output: console, log file, secret masking.</summary>
    IBuildLog Log { get; }

    /// <summary>An environment variable of the run (tests pass their own environment).</summary>
    string? EnvironmentVariable(string name);

    /// <summary>Every target of the build, in declaration order.</summary>
    IReadOnlyList<TargetInfo> Targets { get; }

    /// <summary>
    /// The resolved value of a parameter declared as a property on a component interface (the caller's name is the
    /// parameter's): <c>[Parameter("…")] string Configuration => Parameter("Release");</c>
    /// </summary>
    T Parameter<T>(T defaultValue, [CallerMemberName] string memberName = "");

    /// <summary>
    /// A component's settings for this run: <paramref name="create"/> runs once (the base value from parameters passed
    /// through the user's <c>Configure…</c> hook) and every later read returns the same value.
    /// <code>sealed TrainSettings TrainSettings => Settings(() => ConfigureTrain(TrainSettingsBase));</code>
    /// </summary>
    TSettings Settings<TSettings>(Func<TSettings> create) where TSettings : class;

    /// <summary>
    /// Says the running target changed nothing, and how a later run of the same command can confirm that without
    /// running it (<see cref="UnchangedProof"/>): when every other target of that run is up to date too, the command
    /// is answered before the build starts. Only a target that runs every time needs it; a proof that is not local
    /// is ignored.
    /// </summary>
    void ReportUnchanged(UnchangedProof proof)
    {
    }
}
