namespace Pipeline.Build;

/// <summary>
/// Where everything lives, relative to the repository root: the one source of truth for the engine, the components
/// and the generated CI (which caches some of these folders). Use <see cref="IPipelineBuild.RootDirectory"/> <c>/</c>
/// these for absolute paths.
/// </summary>
public static class BuildLayout
{
    /// <summary>What targets produce: the model, metrics, images' records, reports.</summary>
    public const string ArtifactsDirectory = "artifacts";

    /// <summary>The build's own folder; its presence marks the repository root.</summary>
    public const string StateDirectory = ".nuke";

    /// <summary>Committed default parameter values.</summary>
    public const string ParametersFile = StateDirectory + "/parameters.json";

    /// <summary>The generated JSON schema of the parameters file.</summary>
    public const string SchemaFile = StateDirectory + "/build.schema.json";

    /// <summary>Logs, plans, per-machine state, the compiled build (never committed).</summary>
    public const string TemporaryDirectory = StateDirectory + "/temp";

    /// <summary>The local artifact store (the default one).</summary>
    public const string CacheDirectory = StateDirectory + "/cache";

    /// <summary>Configuration and storage of the local container tools and registry.</summary>
    public const string ContainersDirectory = StateDirectory + "/containers";

    /// <summary>The compiled build that <c>build.sh</c> runs.</summary>
    public const string CompiledBuildDirectory = TemporaryDirectory + "/bin";

    /// <summary>The content hash of the build's sources at the last compile.</summary>
    public const string CompiledBuildHashFile = TemporaryDirectory + "/build.hash";

    /// <summary>The build log of the last run.</summary>
    public const string LogFile = TemporaryDirectory + "/build.log";

    /// <summary>The stage cache's committed lock file (like dvc.lock).</summary>
    public const string LockFile = "pipeline.lock";

    /// <summary>Cache entries of targets cached per machine.</summary>
    public const string MachineLockFile = TemporaryDirectory + "/local.lock";
}
