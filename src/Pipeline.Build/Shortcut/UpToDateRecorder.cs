using Pipeline.Build.Execution;
using Pipeline.Build.Graph;
using Pipeline.Build.IO;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// After a run in which every planned target was up to date, writes the record that lets the same command be answered
/// from stamps alone next time (<see cref="UpToDateShortcut"/>). Records nothing it cannot vouch for: targets that run
/// always (unless they proved they changed nothing, <see cref="UnchangedProof"/>), have conditions or read values from
/// no named file; pushes; anything modified during the run or just before; runs with the shortcut switched off (their
/// key could never be answered). Stamps the run read already (the hash cache's) are reused rather than read again.
/// </summary>
internal static class UpToDateRecorder
{
    public static void TryRecord(BuildHost host, IReadOnlyList<string> args, string header, DateTime runStartedUtc, IReadOnlyList<PlannedTarget> plan, IReadOnlyList<TargetResult> results, Func<string, FileStamp?>? seenStamp = null)
    {
        if (host.Environment.ContainsKey(UpToDateShortcut.DisableVariable) || plan.Count == 0 || plan.Count != results.Count
            || !plan.Zip(results).All(pair => IsAnswerable(pair.First, pair.Second)))
            return;
        var rootDirectory = host.RootDirectory;
        try
        {
            var stamps = new DependencyStamps(rootDirectory, seenStamp);
            foreach (var (target, _) in plan)
            {
                foreach (var path in target.Definition.InputPaths.Concat(target.Definition.OutputPaths))
                    stamps.AddDeclared(path);
                if (target.Definition.VerifiedDataDirectory is { } data)
                    stamps.AddDeclared(data);
                foreach (var (_, sourceFile, _) in target.Definition.InputValueSources)
                    stamps.AddOptional(Path.Combine(rootDirectory, sourceFile!));
            }

            foreach (var path in results.SelectMany(result => result.Unchanged?.ReadPaths ?? []))
                stamps.AddDeclared(Path.IsPathRooted(path) ? Path.GetRelativePath(rootDirectory, path) : path);
            foreach (var file in (string[])[BuildLayout.LockFile, BuildLayout.MachineLockFile, BuildLayout.ParametersFile])
                stamps.AddOptional(Path.Combine(rootDirectory, file));
            stamps.AddFolderFiles(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
            if (stamps.IsComplete && !stamps.AnyModifiedAfter(runStartedUtc - FileStamp.SettleTime))
                new UpToDateRecord(RunKey.Of(rootDirectory, Environment.CurrentDirectory, args, host.Environment), header,
                    [.. results.Select(result => result.Unchanged is { } proof ? new RecordedTarget(result.Name, proof.Reason, proof.Check) : new RecordedTarget(result.Name, result.UpToDateReason))],
                    stamps.Dependencies, stamps.Folders).Write(rootDirectory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // the record only saves time: a checkout it cannot be written to runs the full check each time
        }
    }

    /// <summary>
    /// Up to date by its cache (no conditions, every value read from a named file), or ran and proved it changed
    /// nothing with a local check (<see cref="UnchangedProof"/>).
    /// </summary>
    private static bool IsAnswerable(PlannedTarget planned, TargetResult result) =>
        !planned.IsSkipped && planned.Target.Definition.Conditions.Count == 0
        && (result is { Outcome: TargetOutcome.Succeeded, Unchanged.IsLocal: true }
            || (result is { Outcome: TargetOutcome.UpToDate, Note.Length: 0 } && planned.Target.IsCacheable
                && planned.Target.Definition.InputValueSources.All(source => source.SourceFile is not null)));
}
