using Pipeline.Build.Caching;

namespace Pipeline.Build.Graph;

/// <summary>What the engine's own target steps (data, stage outputs) use while a target runs.</summary>
internal sealed record TargetRun(StageCache Cache, DataStage Data, IReadOnlyList<ExecutableTarget> AllTargets, IBuildLog Log)
{
    /// <summary>Where the running target's <see cref="UnchangedProof"/> lands (the build's own, or a fresh one in tests).</summary>
    public Execution.UnchangedReports Unchanged { get; init; } = new();
}
