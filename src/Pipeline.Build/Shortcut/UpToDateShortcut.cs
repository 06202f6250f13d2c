using System.Diagnostics;
using Pipeline.Build.Caching;
using Pipeline.Build.Execution;
using Pipeline.Build.Output;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// Answers a command whose last run found every target up to date, when nothing that run read has changed since:
/// before the build class, its graph, the console library or the lock files' YAML are loaded. Any doubt (no record,
/// another build running, one stamp differing) leaves the answer to the full run.
/// </summary>
internal static class UpToDateShortcut
{
    /// <summary>Set (to anything) to always run the full check.</summary>
    public const string DisableVariable = "PIPELINE_NO_SHORTCUT";

    /// <summary>The command, answered when it can be; null leaves it to the full run.</summary>
    public static int? TryAnswer(string rootDirectory, string workingDirectory, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment, TextWriter output)
    {
        var started = Stopwatch.GetTimestamp();
        if (environment.ContainsKey(DisableVariable) || UpToDateRecord.Read(rootDirectory, RunKey.Of(rootDirectory, workingDirectory, args, environment)) is not { } record)
            return null;
        using var runLock = RunLock.TryAcquire(rootDirectory);
        if (runLock is null || !record.StillHolds(rootDirectory, out var relisted))
            return null; // another build is running (the full run waits for it), or something changed
        if (relisted is not null && !relisted.AnyFolderModifiedAfter(DateTime.UtcNow - IO.FileStamp.SettleTime))
            TryWrite(relisted, rootDirectory); // next time the stamps alone answer, without listing those folders again
        var checks = new List<Uri>();
        foreach (var target in record.Targets)
        {
            if (target.Check is { } check)
                checks.Add(check);
        }

        if (checks.Count > 0 && !LoopbackCheck.AllAnswer(checks))
            return null; // the registry or the service went away: the full run finds out what to do

        output.WriteLine(record.Header);
        var results = new List<TargetResult>(record.Targets.Count);
        foreach (var (target, reason, check) in record.Targets)
        {
            output.WriteLine(check is null ? $"= {target} up to date ({reason})" : $"= {target} unchanged ({reason}; {check} answered)");
            results.Add(new TargetResult(target, TargetOutcome.UpToDate, TimeSpan.Zero, ""));
        }

        foreach (var result in results)
            output.WriteLine(SummaryTable.PlainRow(result, ""));
        output.WriteLine($"{SummaryTable.Verdict(results, Stopwatch.GetElapsedTime(started))}: nothing the last run read has changed ({record.Dependencies.Count + record.Folders.Count} files and folders checked{(checks.Count > 0 ? $", {checks.Count} local address{(checks.Count == 1 ? "" : "es")} answered" : "")}; {DisableVariable}=1 runs the full check)");
        return ExitCodes.Success;
    }

    private static void TryWrite(UpToDateRecord record, string rootDirectory)
    {
        try
        {
            record.Write(rootDirectory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // the record only saves time
        }
    }
}
