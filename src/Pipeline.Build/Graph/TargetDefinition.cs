using System.Linq.Expressions;

namespace Pipeline.Build.Graph;

/// <summary>Collects what a target property declares; relations stay as delegates until the graph resolves them.</summary>
internal sealed class TargetDefinition(IPipelineBuild build) : ITargetDefinition
{
    public string Description { get; private set; } = "";
    public List<Target> Dependencies { get; } = [];
    public List<Target> Dependents { get; } = [];
    public List<Target> RunsAfter { get; } = [];
    public List<Target> RunsBefore { get; } = [];
    public List<Target> Triggered { get; } = [];
    public List<(Func<bool> Condition, string? Reason)> Conditions { get; } = [];
    public List<string> RequiredParameters { get; } = [];
    public List<string> InputPaths { get; } = [];
    public List<string> InputParameterNames { get; } = [];
    public List<string> OutputPaths { get; } = [];
    public List<(string Label, string? SourceFile, Func<IReadOnlyDictionary<string, string>> Values)> InputValueSources { get; } = [];
    public bool IsCachedPerMachine { get; private set; }
    public bool ContinuesAfterFailure { get; private set; }
    public List<Func<TargetRun, CancellationToken, Task>> Actions { get; } = [];
    public string? VerifiedDataDirectory { get; private set; }
    public bool RestoresOutputsOfCachedTargets { get; private set; }

    ITargetDefinition ITargetDefinition.Description(string description)
    {
        Description = description;
        return this;
    }

    public ITargetDefinition DependsOn(params Target[] targets) => Add(Dependencies, targets);
    public ITargetDefinition DependsOn<TComponent>(params Func<TComponent, Target>[] targets) where TComponent : IPipelineBuild => Add(Dependencies, Select(targets));
    public ITargetDefinition Inherit<TComponent>(Expression<Func<TComponent, Target>> target) where TComponent : IPipelineBuild
    {
        BaseTarget.Of(build, target)(this);
        return this;
    }

    public ITargetDefinition DependsOn<TComponent>() where TComponent : IPipelineBuild => Add(Dependencies, [ComponentTarget.Single<TComponent>(build)]);
    public ITargetDefinition DependentFor(params Target[] targets) => Add(Dependents, targets);
    public ITargetDefinition DependentFor<TComponent>(params Func<TComponent, Target>[] targets) where TComponent : IPipelineBuild => Add(Dependents, Select(targets));
    public ITargetDefinition After(params Target[] targets) => Add(RunsAfter, targets);
    public ITargetDefinition After<TComponent>(params Func<TComponent, Target>[] targets) where TComponent : IPipelineBuild => Add(RunsAfter, Select(targets));
    public ITargetDefinition Before(params Target[] targets) => Add(RunsBefore, targets);
    public ITargetDefinition Before<TComponent>(params Func<TComponent, Target>[] targets) where TComponent : IPipelineBuild => Add(RunsBefore, Select(targets));
    public ITargetDefinition Triggers(params Target[] targets) => Add(Triggered, targets);
    public ITargetDefinition Triggers<TComponent>(params Func<TComponent, Target>[] targets) where TComponent : IPipelineBuild => Add(Triggered, Select(targets));

    public ITargetDefinition OnlyWhen(Func<bool> condition, string? reason = null)
    {
        Conditions.Add((condition, reason));
        return this;
    }

    public ITargetDefinition Requires(params Expression<Func<object?>>[] parameters)
    {
        RequiredParameters.AddRange(parameters.Select(MemberName));
        return this;
    }

    public ITargetDefinition Inputs(params string[] paths) => Add(InputPaths, paths);
    public ITargetDefinition InputParameters(params Expression<Func<object?>>[] parameters) => Add(InputParameterNames, parameters.Select(MemberName));

    internal ITargetDefinition InputParameters(params string[] parameterNames) => Add(InputParameterNames, parameterNames);

    public ITargetDefinition InputValues(string label, Func<IReadOnlyDictionary<string, string>> values)
    {
        InputValueSources.Add((label, null, values));
        return this;
    }

    public ITargetDefinition InputValues(string label, string sourceFile, Func<IReadOnlyDictionary<string, string>> values)
    {
        InputValueSources.Add((label, sourceFile, values));
        return this;
    }

    public ITargetDefinition VerifiesData(string directory)
    {
        VerifiedDataDirectory = directory;
        return this;
    }

    public ITargetDefinition RecordsData(string directory) => AddAction((run, _) =>
    {
        run.Data.Record(directory);
        return Task.CompletedTask;
    });

    public ITargetDefinition StoresData(Func<string> file, string directory) => AddAction((run, token) => run.Data.StoreAsync(file(), directory, token));

    public ITargetDefinition RestoresCachedOutputs()
    {
        RestoresOutputsOfCachedTargets = true;
        return this;
    }
    public ITargetDefinition Outputs(params string[] paths) => Add(OutputPaths, paths);

    public ITargetDefinition CachedPerMachine()
    {
        IsCachedPerMachine = true;
        return this;
    }

    public ITargetDefinition ProceedAfterFailure()
    {
        ContinuesAfterFailure = true;
        return this;
    }

    public ITargetDefinition Executes(Action action) => Executes(_ =>
    {
        action();
        return Task.CompletedTask;
    });

    public ITargetDefinition Executes(Func<CancellationToken, Task> action) => AddAction((_, token) => action(token));

    private TargetDefinition AddAction(Func<TargetRun, CancellationToken, Task> action)
    {
        Actions.Add(action);
        return this;
    }

    private ITargetDefinition Add<T>(List<T> list, IEnumerable<T> items)
    {
        list.AddRange(items);
        return this;
    }

    private IEnumerable<Target> Select<TComponent>(Func<TComponent, Target>[] selectors) where TComponent : IPipelineBuild
    {
        if (build is not TComponent component)
            throw new BuildConfigurationException($"The build uses {typeof(TComponent).Name} but does not implement it; add it to the build class's interfaces.");
        return selectors.Select(select => select(component));
    }

    private static string MemberName(Expression<Func<object?>> expression)
    {
        var body = expression.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : expression.Body;
        return body is MemberExpression member
            ? member.Member.Name
            : throw new BuildConfigurationException($"Requires(...) and InputParameters(...) take a parameter member, like Requires(() => Namespace); got {expression}.");
    }
}
