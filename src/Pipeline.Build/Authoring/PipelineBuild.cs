using System.Runtime.InteropServices;
using Pipeline.Build.Execution;
using Pipeline.Build.Output;
using Pipeline.Build.Parameters;

namespace Pipeline.Build;

/// <summary>
/// Base class of a build. Declare targets as <see cref="Target"/> properties and parameters as
/// <see cref="ParameterAttribute"/> fields; implement component interfaces to pick up their targets.
/// <code>public static int Main() => Execute&lt;Build&gt;(x => x.Train);</code>
/// </summary>
public abstract class PipelineBuild : IPipelineBuild
{
    [Parameter("Seconds to wait for another build in this checkout to finish before giving up")]
    private readonly int lockTimeout = 600;

    [Parameter("Uploads and downloads to the artifact store at a time")]
    private readonly int transfers = 8;

    private Caching.ArtifactTransfer? artifacts;

    private BuildConsole? console;
    private ParameterValues? parameters;
    private IReadOnlyDictionary<string, string?> environment = new Dictionary<string, string?>();

    /// <inheritdoc />
    public string RootDirectory { get; private set; } = "";

    /// <inheritdoc />
    public IBuildLog Log => console ?? throw new InvalidOperationException("The build is not running yet.");

    /// <inheritdoc />
    public IReadOnlyList<TargetInfo> Targets { get; private set; } = [];

    internal int LockTimeoutSeconds => lockTimeout;

    internal int Transfers => transfers;

    /// <inheritdoc />
    public Caching.ArtifactTransfer Artifacts
    {
        get => artifacts ?? throw new InvalidOperationException("The artifact store is set when the build starts running targets.");
        internal set => artifacts = value;
    }

    /// <inheritdoc />
    public T Parameter<T>(string memberName, T defaultValue) =>
        parameters is not null && parameters.TryGet(memberName, out var value) && value is T typed ? typed : defaultValue;

    /// <inheritdoc />
    public string? EnvironmentVariable(string name) => environment.GetValueOrDefault(name);

    /// <summary>An absolute path under the root, from a relative one with forward slashes.</summary>
    public string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(RootDirectory, relativePath));

    /// <summary>Runs the build with the process's arguments; Ctrl+C and SIGTERM cancel the running target.</summary>
    protected static int Execute<TBuild>(Func<TBuild, Target>? defaultTarget = null) where TBuild : PipelineBuild, new()
    {
        using var cancellation = new CancellationTokenSource();
        void Cancel(PosixSignalContext context)
        {
            if (cancellation.IsCancellationRequested)
                return; // a second Ctrl+C ends the process at once
            context.Cancel = true;
            cancellation.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        string root;
        try
        {
            root = Execution.RootDirectory.Find();
        }
        catch (BuildConfigurationException exception)
        {
            Console.Error.WriteLine("error: " + exception.Message);
            return ExitCodes.UsageError;
        }

        var args = Environment.GetCommandLineArgs().Skip(1).ToList();
        Func<PipelineBuild, Target>? fallback = defaultTarget is null ? null : build => defaultTarget((TBuild)build);
        return BuildRunner.RunAsync(new TBuild(), fallback, args, BuildHost.FromProcess(root), cancellation.Token).GetAwaiter().GetResult();
    }

    internal void DescribeTargets(IReadOnlyList<TargetInfo> targets) => Targets = targets;

    internal void Initialise(string rootDirectory, IReadOnlyDictionary<string, string?> variables, BuildConsole buildConsole, ParameterValues values)
    {
        environment = variables;
        RootDirectory = rootDirectory;
        console = buildConsole;
        parameters = values;
    }
}
