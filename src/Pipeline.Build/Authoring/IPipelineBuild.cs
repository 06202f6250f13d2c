namespace Pipeline.Build;

/// <summary>
/// What every build, and every component interface, can reach: the root, the log and
/// the values of parameters declared on component interfaces.
/// </summary>
public interface IPipelineBuild
{
    /// <summary>The repository root (the directory holding <c>.nuke/</c>).</summary>
    string RootDirectory { get; }

    /// <summary>The build's output: console, log file, secret masking.</summary>
    IBuildLog Log { get; }

    /// <summary>An environment variable of the run (tests pass their own environment).</summary>
    string? EnvironmentVariable(string name);

    /// <summary>The artifact store of the run and whether this run pulls from and pushes to it.</summary>
    Caching.ArtifactTransfer Artifacts { get; }

    /// <summary>Every target of the build, in declaration order.</summary>
    IReadOnlyList<TargetInfo> Targets { get; }

    /// <summary>
    /// The resolved value of a parameter declared as a property on a component interface:
    /// <c>[Parameter("…")] string Configuration => Parameter(nameof(Configuration), "Release");</c>
    /// </summary>
    T Parameter<T>(string memberName, T defaultValue);
}
