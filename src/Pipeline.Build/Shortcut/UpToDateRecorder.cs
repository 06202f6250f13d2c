using Pipeline.Build.Execution;
using Pipeline.Build.Graph;
using Pipeline.Build.IO;

namespace Pipeline.Build.Shortcut;

/// <summary>
/// After a run in which every planned target was up to date, writes the record that lets the same command be answered
/// from stamps alone next time (<see cref="UpToDateShortcut"/>). Records nothing it cannot vouch for: targets that run
/// always, have conditions or read values from no named file; pushes; anything modified during the run or just before;
/// runs with the shortcut switched off (their key could never be answered).
/// </summary>
internal static class UpToDateRecorder
{
    public static void TryRecord(BuildHost host, IReadOnlyList<string> args, string header, DateTime runStartedUtc, IReadOnlyList<PlannedTarget> plan, IReadOnlyList<TargetResult> results)
    {
        if (host.Environment.ContainsKey(UpToDateShortcut.DisableVariable) || plan.Count == 0 || !plan.All(IsAnswerable)
            || !results.All(result => result.Outcome == TargetOutcome.UpToDate && result.Note.Length == 0))
            return;
        var rootDirectory = host.RootDirectory;
        try
        {
            var stamps = new DependencyStamps(rootDirectory);
            foreach (var (target, _) in plan)
            {
                foreach (var path in target.Definition.InputPaths.Concat(target.Definition.OutputPaths))
                    stamps.AddDeclared(path);
                if (target.Definition.VerifiedDataDirectory is { } data)
                    stamps.AddDeclared(data);
                foreach (var (_, sourceFile, _) in target.Definition.InputValueSources)
                    stamps.AddOptional(Path.Combine(rootDirectory, sourceFile!));
            }

            foreach (var file in (string[])[BuildLayout.LockFile, BuildLayout.MachineLockFile, BuildLayout.ParametersFile])
                stamps.AddOptional(Path.Combine(rootDirectory, file));
            stamps.AddFolderFiles(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
            if (stamps.IsComplete && !stamps.AnyModifiedAfter(runStartedUtc - FileStamp.SettleTime))
                new UpToDateRecord(RunKey.Of(rootDirectory, Environment.CurrentDirectory, args, host.Environment), header, [.. results.Select(result => new RecordedTarget(result.Name, result.UpToDateReason))], stamps.Dependencies, stamps.Folders).Write(rootDirectory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // the record only saves time: a checkout it cannot be written to runs the full check each time
        }
    }

    private static bool IsAnswerable(PlannedTarget planned) =>
        !planned.IsSkipped && planned.Target.IsCacheable && planned.Target.Definition.Conditions.Count == 0
        && planned.Target.Definition.InputValueSources.All(source => source.SourceFile is not null);
}
