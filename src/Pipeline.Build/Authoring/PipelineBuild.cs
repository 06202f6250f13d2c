using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
    [Parameter("Seconds to wait for another build in this checkout to finish before giving up", Minimum = 0, Maximum = 86_400)]
    private readonly int lockTimeout = 600;

    [Parameter("Uploads and downloads to the artifact store at a time", Minimum = 1, Maximum = 64)]
    private readonly int transfers = 8;

    private readonly ConcurrentDictionary<Type, object> settings = new();
    private BuildConsole? console;
    private ParameterValues? parameters;
    private IReadOnlyDictionary<string, string?> environment = new Dictionary<string, string?>();
    private AbsolutePath? rootDirectory;

    /// <inheritdoc />
    public AbsolutePath RootDirectory => rootDirectory ?? throw new InvalidOperationException("The build is not running yet.");

    /// <inheritdoc />
    public AbsolutePath ArtifactsDirectory => RootDirectory / BuildLayout.ArtifactsDirectory;

    /// <inheritdoc />
    public AbsolutePath TemporaryDirectory => RootDirectory / BuildLayout.TemporaryDirectory;

    /// <inheritdoc />
    public IBuildLog Log => console ?? throw new InvalidOperationException("The build is not running yet.");

    /// <inheritdoc />
    public IReadOnlyList<TargetInfo> Targets { get; private set; } = [];

    internal int LockTimeoutSeconds => lockTimeout;

    internal int Transfers => transfers;

    /// <inheritdoc />
    public T Parameter<T>(T defaultValue, [CallerMemberName] string memberName = "")
    {
        if (parameters is null)
            return defaultValue;
        if (parameters.Find(memberName) is null)
            throw new BuildConfigurationException(
                $"Parameter(...) was called for '{memberName}', which is not a [Parameter] of the build. Call it from the parameter's own property, with the default only: [Parameter(\"…\")] string Name => Parameter(\"default\");");
        return parameters.TryGet(memberName, out var value) && value is T typed ? typed : defaultValue;
    }

    /// <inheritdoc />
    public TSettings Settings<TSettings>(Func<TSettings> create) where TSettings : class =>
        (TSettings)settings.GetOrAdd(typeof(TSettings), _ => create());

    /// <inheritdoc />
    public string? EnvironmentVariable(string name) => environment.GetValueOrDefault(name);

    /// <summary>
    /// This build seen as one of its components, to reach the component's members (settings, parameters) from the
    /// build class: <c>From&lt;ITrain&gt;().TrainSettings.MetricsFile</c>.
    /// </summary>
    protected TComponent From<TComponent>() where TComponent : IPipelineBuild =>
        this is TComponent component ? component : throw new BuildConfigurationException($"{GetType().Name} does not implement {typeof(TComponent).Name}; add it to the build class's interfaces.");

    /// <summary>
    /// Runs the build with the process's arguments and a component's target as the default:
    /// <code>public static int Main() => Execute&lt;Build, IDeploy&gt;(x => x.Deploy);</code>
    /// </summary>
    protected static int Execute<TBuild, TComponent>(Func<TComponent, Target> defaultTarget) where TBuild : PipelineBuild, TComponent, new() where TComponent : IPipelineBuild =>
        Execute<TBuild>(build => defaultTarget(build));

    /// <summary>Runs the build with the process's arguments; a target must be named on the command line.</summary>
    protected static int Execute<TBuild>() where TBuild : PipelineBuild, new() => Run<TBuild>(null);

    /// <summary>Runs the build with the process's arguments; Ctrl+C and SIGTERM cancel the running target.</summary>
    protected static int Execute<TBuild>(Func<TBuild, Target> defaultTarget) where TBuild : PipelineBuild, new() => Run(defaultTarget);

    private static int Run<TBuild>(Func<TBuild, Target>? defaultTarget) where TBuild : PipelineBuild, new()
    {
        // generic code is compiled at start-up (ReadyToRun has no instantiation over the build's own class): keep it small
        if (Start(out var root, out var args, out var environment) is { } exitCode)
            return exitCode;
        Func<PipelineBuild, Target>? fallback = defaultTarget is null ? null : build => defaultTarget((TBuild)build);
        return RunFully(new TBuild(), fallback, root, args, environment);
    }

    /// <summary>Finds the root and answers the command from its up-to-date record when it can; null leaves it to the full run.</summary>
    private static int? Start(out string root, out List<string> args, out Dictionary<string, string?> environment)
    {
        args = Environment.GetCommandLineArgs().Skip(1).ToList();
        environment = Shortcut.RunKey.ProcessEnvironment();
        try
        {
            root = Execution.RootDirectory.Find();
        }
        catch (BuildConfigurationException exception)
        {
            root = "";
            Console.Error.WriteLine("error: " + exception.Message);
            return ExitCodes.UsageError;
        }

        return Shortcut.UpToDateShortcut.TryAnswer(root, Environment.CurrentDirectory, args, environment, Console.Out);
    }

    /// <summary>Runs the build; Ctrl+C and SIGTERM cancel the running target.</summary>
    private static int RunFully(PipelineBuild build, Func<PipelineBuild, Target>? fallback, string root, List<string> args, Dictionary<string, string?> environment)
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
        return BuildRunner.RunAsync(build, fallback, args, BuildHost.FromProcess(root, environment), cancellation.Token).GetAwaiter().GetResult();
    }

    internal void DescribeTargets(IReadOnlyList<TargetInfo> targets) => Targets = targets;

    /// <summary>What the running target reported with <see cref="ReportUnchanged"/>.</summary>
    internal UnchangedReports Unchanged { get; } = new();

    /// <inheritdoc />
    public void ReportUnchanged(UnchangedProof proof)
    {
        if (proof.IsLocal)
            Unchanged.Report(proof);
    }

    internal void Initialise(string root, IReadOnlyDictionary<string, string?> variables, BuildConsole buildConsole, ParameterValues values)
    {
        environment = variables;
        rootDirectory = AbsolutePath.Create(root);
        console = buildConsole;
        parameters = values;
        settings.Clear();
    }
}
