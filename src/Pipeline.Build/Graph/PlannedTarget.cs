namespace Pipeline.Build.Graph;

/// <summary>A target in the plan, and whether <c>--skip</c> leaves it out.</summary>
internal sealed record PlannedTarget(ExecutableTarget Target, bool IsSkipped);
