namespace Pipeline.Build.Execution;

/// <summary>How a target ended in one run, as shown in the summary table.</summary>
internal enum TargetOutcome
{
    NotRun,
    Succeeded,
    UpToDate,
    Skipped,
    Failed,
    Cancelled,
}
