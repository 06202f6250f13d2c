using System.Linq.Expressions;

namespace Pipeline.Build;

/// <summary>The fluent definition of a target: its relations, conditions, cache and actions.</summary>
public interface ITargetDefinition
{
    /// <summary>One line shown by <c>--help</c> and in the plan.</summary>
    ITargetDefinition Description(string description);

    /// <summary>Targets that must run (successfully) before this one; they join the plan.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Depends on the target(s) of a component, selected from it.</summary>
    ITargetDefinition DependsOn<TComponent>(params Func<TComponent, Target>[] targets) where TComponent : IPipelineBuild;

    /// <summary>
    /// Starts from a component's own definition of a target (its relations, cache, conditions and actions), so an
    /// override can add to it without copying it:
    /// <code>Target ITrain.Train => _ => _.Inherit&lt;ITrain&gt;(x => x.Train).OnlyWhen(() => !SkipTraining);</code>
    /// </summary>
    ITargetDefinition Inherit<TComponent>(Expression<Func<TComponent, Target>> target) where TComponent : IPipelineBuild;

    /// <summary>Depends on the single target a component interface declares.</summary>
    ITargetDefinition DependsOn<TComponent>() where TComponent : IPipelineBuild;

    /// <summary>Makes these targets depend on this one: it joins the plan whenever they do.</summary>
    ITargetDefinition DependentFor(params Target[] targets);

    /// <summary>Makes the target(s) selected from a component depend on this one (to hook into a component's target without copying it).</summary>
    ITargetDefinition DependentFor<TComponent>(params Func<TComponent, Target>[] targets) where TComponent : IPipelineBuild;

    /// <summary>Runs after these targets when both are in the plan; does not add them.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>Runs after the target(s) selected from a component when both are in the plan.</summary>
    ITargetDefinition After<TComponent>(params Func<TComponent, Target>[] targets) where TComponent : IPipelineBuild;

    /// <summary>Runs before these targets when both are in the plan; does not add them.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>Runs before the target(s) selected from a component when both are in the plan.</summary>
    ITargetDefinition Before<TComponent>(params Func<TComponent, Target>[] targets) where TComponent : IPipelineBuild;

    /// <summary>Adds these targets to the plan, to run after this one.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>Adds the target(s) selected from a component to the plan, to run after this one.</summary>
    ITargetDefinition Triggers<TComponent>(params Func<TComponent, Target>[] targets) where TComponent : IPipelineBuild;

    /// <summary>Skips the target (outcome "skipped") when the condition is false when its turn comes.</summary>
    ITargetDefinition OnlyWhen(Func<bool> condition, string? reason = null);

    /// <summary>Parameters that must have a value before anything runs, e.g. <c>Requires(() => Namespace)</c>.</summary>
    ITargetDefinition Requires(params Expression<Func<object?>>[] parameters);

    /// <summary>Files, directories or globs (relative to the root) whose content decides whether the target is up to date.</summary>
    ITargetDefinition Inputs(params string[] paths);

    /// <summary>Parameters whose values count as inputs of the stage cache, e.g. <c>InputParameters(() => BaseImage)</c>.</summary>
    ITargetDefinition InputParameters(params Expression<Func<object?>>[] parameters);

    /// <summary>
    /// Values that count as inputs of the stage cache, read when the cache decides (e.g. the keys of params.yaml a stage
    /// uses, as DVC's <c>params:</c>). Keys name them in "changed:" lines, so make them unique, like <c>params.yaml:train.seed</c>;
    /// <paramref name="label"/> is how <c>--help</c> lists them.
    /// </summary>
    ITargetDefinition InputValues(string label, Func<IReadOnlyDictionary<string, string>> values);

    /// <summary>
    /// As <see cref="InputValues(string, Func{IReadOnlyDictionary{string, string}})"/>, for values read from one file
    /// (relative to the root): while that file is unchanged, so are the values, which lets a run where every target is up
    /// to date be answered from its record without building the graph.
    /// </summary>
    ITargetDefinition InputValues(string label, string sourceFile, Func<IReadOnlyDictionary<string, string>> values);

    /// <summary>Files or directories the target writes; with inputs, they make the target cacheable.</summary>
    ITargetDefinition Outputs(params string[] paths);

    /// <summary>Records the cache entry in <c>.nuke/temp/local.lock</c> (this machine) instead of <c>pipeline.lock</c>.</summary>
    ITargetDefinition CachedPerMachine();

    /// <summary>
    /// When the target runs, before its actions, checks the data files under <paramref name="directory"/> against the <c>data:</c> block of
    /// <c>pipeline.lock</c> (the first run starts tracking them): with <c>--pull</c> missing files come from the
    /// artifact store, with <c>--push</c> they go to it; a missing or changed file fails the target, naming the fix.
    /// </summary>
    ITargetDefinition VerifiesData(string directory);

    /// <summary>Adds an action recording the current content of the data files under <paramref name="directory"/> in <c>pipeline.lock</c>.</summary>
    ITargetDefinition RecordsData(string directory);

    /// <summary>
    /// Adds an action that keeps one large file under <paramref name="directory"/> in the artifact store instead of
    /// git (like <c>dvc add</c>): its hash goes to <c>pipeline.lock</c>, its bytes to the store, its name to the
    /// <c>.gitignore</c> beside it.
    /// </summary>
    ITargetDefinition StoresData(Func<string> file, string directory);

    /// <summary>
    /// After the actions, with <c>--pull</c>: restores the missing outputs of every cached target of the build whose
    /// recorded inputs match the checkout, so they are up to date ("restored") when their turn comes.
    /// </summary>
    ITargetDefinition RestoresCachedOutputs();

    /// <summary>When this target fails, the build goes on with targets that do not depend on it.</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>Adds a synchronous action.</summary>
    ITargetDefinition Executes(Action action);

    /// <summary>Adds an asynchronous action; the token is cancelled by Ctrl+C or SIGTERM.</summary>
    ITargetDefinition Executes(Func<CancellationToken, Task> action);
}
