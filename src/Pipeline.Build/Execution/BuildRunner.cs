using System.Diagnostics;
using Pipeline.Build.Caching;
using Pipeline.Build.Cli;
using Pipeline.Build.Graph;
using Pipeline.Build.Output;
using Pipeline.Build.Parameters;
using Pipeline.Build.Shortcut;

namespace Pipeline.Build.Execution;

/// <summary>One run of a build: command line, parameters, graph, plan, lock, execution, summary. Returns the exit code.</summary>
internal static class BuildRunner
{
    public static async Task<int> RunAsync(PipelineBuild build, Func<PipelineBuild, Target>? defaultTarget, IReadOnlyList<string> args, BuildHost host, CancellationToken cancellationToken)
    {
        var masker = new SecretMasker();
        using var console = new BuildConsole(host.Console, masker);
        var stopwatch = Stopwatch.StartNew();
        var startedUtc = DateTime.UtcNow;
        try
        {
            var descriptors = ParameterDiscovery.Discover(build.GetType());
            var commandLine = CommandLine.Parse(args).WithSwitches(descriptors
                .Where(p => (Nullable.GetUnderlyingType(p.ValueType) ?? p.ValueType) == typeof(bool))
                .Select(p => p.CommandLineName[2..]));
            var parameters = new ParameterValues(descriptors, new ParameterSources(
                CommandLineParameters(commandLine, descriptors),
                host.Environment,
                ParametersFile.Read(host.RootDirectory, descriptors)));
            parameters.InjectInto(build);
            build.Initialise(host.RootDirectory, host.Environment, console, parameters);
            masker.Add(parameters.SecretValues(build));

            var graph = TargetGraph.Discover(build);
            build.DescribeTargets(graph.Describe());
            SchemaWriter.WriteIfChanged(host.RootDirectory, graph, descriptors);
            var fallback = defaultTarget is null ? null : graph.Of(defaultTarget(build));
            if (commandLine.Help)
            {
                HelpWriter.Write(console, graph, fallback, parameters, build);
                return ExitCodes.Success;
            }

            var requested = RequestedTargets(commandLine, graph, fallback);
            var skip = commandLine.Skip is null
                ? SkipRequest.None
                : new SkipRequest(commandLine.Skip.Count == 0, commandLine.Skip.Select(name => FindTarget(graph, name)).ToList());
            var plan = ExecutionPlanner.Plan(graph, requested, skip);
            if (commandLine.Plan)
            {
                PlanWriter.Write(console, host.RootDirectory, plan);
                return ExitCodes.Success;
            }

            ThrowIfRequiredParametersMissing(plan, parameters, build);
            using var runLock = await RunLock.AcquireAsync(host.RootDirectory, TimeSpan.FromSeconds(build.LockTimeoutSeconds), console, cancellationToken);
            console.OpenLogFile(build.RootDirectory / BuildLayout.LogFile);
            var header = console.Masked($"Running {string.Join(", ", requested.Select(t => t.Name))} in {host.RootDirectory}");
            console.Info(header);
            var store = build is IArtifactStoreProvider provider ? provider.CreateArtifactStore() : new LocalArtifactStore(build.RootDirectory / BuildLayout.CacheDirectory, BuildLayout.CacheDirectory, console);
            var push = commandLine.Push ?? host.Environment.GetValueOrDefault("CI") == "true"; // on by default in CI
            var transfer = new ArtifactTransfer(store, commandLine.Pull, push, build.Transfers, console);
            var cache = new StageCache(host.RootDirectory, parameters, build, transfer, console);
            var run = new TargetRun(cache, new DataStage(build.RootDirectory, transfer, console, cache.HashCache), graph.Targets, console) { Unchanged = build.Unchanged };
            var results = await new TargetExecutor(console, run, commandLine.Force).RunAsync(plan, cancellationToken);
            cache.SaveHashCache();
            SummaryTable.Write(console, results, stopwatch.Elapsed);
            if (!commandLine.Force && !push)
                UpToDateRecorder.TryRecord(host, args, header, startedUtc, plan, results, cache.HashCache.SeenStamp);
            return results.Any(r => r.Outcome is TargetOutcome.Failed or TargetOutcome.Cancelled) ? ExitCodes.TargetFailed : ExitCodes.Success;
        }
        catch (BuildConfigurationException exception)
        {
            console.Error(exception.Message);
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error("Cancelled before any target ran.");
            return ExitCodes.TargetFailed;
        }
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> CommandLineParameters(CommandLine commandLine, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var byMember = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in commandLine.Parameters)
        {
            var parameter = parameters.FirstOrDefault(p => string.Equals(p.CommandLineName, "--" + name, StringComparison.OrdinalIgnoreCase)
                                                           || string.Equals(p.MemberName, name, StringComparison.OrdinalIgnoreCase));
            if (parameter is null)
            {
                var suggestion = NameSuggester.Suggest(name, parameters.Select(p => p.CommandLineName[2..]).Concat(["skip", "plan", "force", "help", "pull", "push"]));
                throw new BuildConfigurationException(
                    $"Unknown parameter --{name}.{(suggestion is null ? "" : $" Did you mean --{suggestion}?")} ./build.sh --help lists every parameter.");
            }

            byMember[parameter.MemberName] = values;
        }

        return byMember;
    }

    private static IReadOnlyList<ExecutableTarget> RequestedTargets(CommandLine commandLine, TargetGraph graph, ExecutableTarget? fallback)
    {
        if (commandLine.Targets.Count > 0)
            return commandLine.Targets.Select(name => FindTarget(graph, name)).Distinct().ToList();
        return fallback is not null
            ? [fallback]
            : throw new BuildConfigurationException("No target named and the build has no default target. Name one: ./build.sh <target> (./build.sh --help lists them).");
    }

    private static ExecutableTarget FindTarget(TargetGraph graph, string name)
    {
        if (graph.Find(name) is { } target)
            return target;
        var suggestion = NameSuggester.Suggest(name, graph.Targets.Select(t => t.Name));
        throw new BuildConfigurationException(
            $"Unknown target '{name}'.{(suggestion is null ? "" : $" Did you mean '{suggestion}'?")} Targets: {string.Join(", ", graph.Targets.Select(t => t.Name))}.");
    }

    private static void ThrowIfRequiredParametersMissing(IReadOnlyList<PlannedTarget> plan, ParameterValues parameters, object build)
    {
        foreach (var (target, skipped) in plan)
        {
            if (skipped)
                continue;
            foreach (var name in target.Definition.RequiredParameters)
            {
                var parameter = parameters.Find(name)
                    ?? throw new BuildConfigurationException($"{target.Name} requires {name}, which is not a [Parameter] of the build.");
                if (parameter.CurrentValue(build) is null or "" or string[] { Length: 0 })
                    throw new BuildConfigurationException(
                        $"{target.Name} requires parameter {parameter.CommandLineName}: pass it, set {parameter.EnvironmentName} in the environment{(parameter.IsSecret ? "" : $", or add \"{parameter.MemberName}\" to {ParametersFile.RelativePath}")}.");
            }
        }
    }
}
