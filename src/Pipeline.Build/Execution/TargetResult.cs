namespace Pipeline.Build.Execution;

/// <summary>One row of the summary: a target, its outcome, how long it took and a short note (why it ran, was skipped or failed).</summary>
internal sealed record TargetResult(string Name, TargetOutcome Outcome, TimeSpan Duration, string Note)
{
    /// <summary>Why the target was up to date, as its status line said it (masked).</summary>
    public string UpToDateReason { get; init; } = "";

    /// <summary>What the target reported when it ran and changed nothing (<see cref="IPipelineBuild.ReportUnchanged"/>).</summary>
    public UnchangedProof? Unchanged { get; init; }
}
