using System.Diagnostics;
using Pipeline.Build.Caching;
using Pipeline.Build.Graph;
using Pipeline.Build.Output;

namespace Pipeline.Build.Execution;

/// <summary>Runs a plan in order: skip, condition, cache check, actions, cache record; stops or proceeds after failures.</summary>
internal sealed class TargetExecutor(BuildConsole console, TargetRun run, bool force)
{
    private readonly StageCache cache = run.Cache;
    private readonly HashSet<string> verifiedData = new(StringComparer.Ordinal);
    private readonly HashSet<ExecutableTarget> checkedOutputs = [];

    public async Task<IReadOnlyList<TargetResult>> RunAsync(IReadOnlyList<PlannedTarget> plan, CancellationToken cancellationToken)
    {
        var results = new Dictionary<ExecutableTarget, TargetResult>();
        string? stopReason = null;
        foreach (var (target, isSkipped) in plan)
        {
            results[target] = stopReason is not null
                ? new TargetResult(target.Name, TargetOutcome.NotRun, TimeSpan.Zero, stopReason)
                : await RunOneAsync(target, isSkipped, results, cancellationToken);
            var outcome = results[target].Outcome;
            if (outcome == TargetOutcome.Cancelled)
                stopReason = "build cancelled";
            else if (outcome == TargetOutcome.Failed && !target.Definition.ContinuesAfterFailure)
                stopReason = $"{target.Name} failed";
        }

        return plan.Select(planned => results[planned.Target]).ToList();
    }

    /// <summary>A dependency skipped with --skip hands over the outputs it recorded, or nothing: never a set a crash left half old, half new.</summary>
    private void CheckOutputsOfSkippedDependencies(ExecutableTarget target, Dictionary<ExecutableTarget, TargetResult> results)
    {
        foreach (var dependency in target.Dependencies.Where(d => results.TryGetValue(d, out var result) && result is { Outcome: TargetOutcome.Skipped, Note: "--skip" }))
        {
            if (checkedOutputs.Contains(dependency))
                continue; // another target of this run found them whole
            if (cache.ModifiedOutputs(dependency) is { Count: > 0 } stale)
                throw new TargetFailedException(
                    $"{target.Name} reads the outputs of {dependency.Name} (skipped), but {string.Join(", ", stale)} {(stale.Count == 1 ? "is" : "are")} not what {dependency.Name} recorded in {BuildLayout.LockFile} "
                    + $"(left by an interrupted run, or changed since): run {dependency.Name} again (without --skip {dependency.Name}), or restore its outputs with the lock that matches them.");
            checkedOutputs.Add(dependency);
        }
    }

    private async Task<string?> VerifyDataAsync(string directory, bool trackWhenUntracked, CancellationToken cancellationToken)
    {
        verifiedData.Add(directory.TrimEnd('/'));
        return await run.Data.VerifyAsync(directory, trackWhenUntracked, cancellationToken);
    }

    /// <summary>Tracked data directories (those a target of the build verifies) among this target's inputs that nothing verified in this run yet.</summary>
    private IEnumerable<string> TrackedDataReadBy(ExecutableTarget target) =>
        run.AllTargets.Select(t => t.Definition.VerifiedDataDirectory).OfType<string>().Select(d => d.TrimEnd('/')).Distinct(StringComparer.Ordinal)
            .Where(directory => !verifiedData.Contains(directory) && target.Definition.InputPaths.Any(input => Overlaps(input.TrimEnd('/'), directory)))
            .ToList();

    private static bool Overlaps(string input, string directory) =>
        input == directory || input.StartsWith(directory + "/", StringComparison.Ordinal) || directory.StartsWith(input + "/", StringComparison.Ordinal);

    private async Task<TargetResult> RunOneAsync(ExecutableTarget target, bool isSkipped, Dictionary<ExecutableTarget, TargetResult> results, CancellationToken cancellationToken)
    {
        if (isSkipped)
            return Skip(target, "--skip");
        var brokenDependency = target.Dependencies.FirstOrDefault(d => results.TryGetValue(d, out var r) && r.Outcome is TargetOutcome.Failed or TargetOutcome.NotRun or TargetOutcome.Cancelled);
        if (brokenDependency is not null)
            return new TargetResult(target.Name, TargetOutcome.NotRun, TimeSpan.Zero, $"{brokenDependency.Name} did not succeed");
        var falseCondition = target.Definition.Conditions.FirstOrDefault(c => !c.Condition());
        if (falseCondition.Condition is not null)
            return Skip(target, falseCondition.Reason ?? "condition is false");

        var stopwatch = Stopwatch.StartNew();
        try
        {
            // before the cache check: the lock's data block decides, not only the files that happen to be present
            var dataNote = target.Definition.VerifiedDataDirectory is { } dataDirectory ? await VerifyDataAsync(dataDirectory, trackWhenUntracked: true, cancellationToken) : null;
            foreach (var read in TrackedDataReadBy(target))
                await VerifyDataAsync(read, trackWhenUntracked: false, cancellationToken); // its verifier was skipped: whoever reads tracked data checks it (tracking is the verifier's)
            CheckOutputsOfSkippedDependencies(target, results);
            CacheCheck? check = null;
            if (target.IsCacheable)
            {
                check = force ? cache.Check(target) : await cache.CheckAsync(target, cancellationToken);
                if (check.IsUpToDate && !force)
                {
                    if (!check.WasRestored)
                        await cache.PushOutputsAsync(target, cancellationToken); // --push also fills the store from outputs made earlier
                    console.Status("=", "blue", $"{target.Name} up to date ({check.Reason})");
                    return new TargetResult(target.Name, TargetOutcome.UpToDate, stopwatch.Elapsed, check.WasRestored ? "restored" : "") { UpToDateReason = console.Masked(check.Reason) };
                }
            }

            var why = check is null ? "" : force ? " (--force)" : $" ({check.Reason})";
            console.Status("▶", "aqua", target.Name + why);
            if (dataNote is not null)
                console.Info(dataNote);
            run.Unchanged.Clear();
            foreach (var action in target.Definition.Actions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await action(run, cancellationToken);
            }

            if (target.Definition.RestoresOutputsOfCachedTargets && await cache.RestoreMatchingOutputsAsync(run.AllTargets, cancellationToken) is { Count: > 0 } restored)
                console.Info($"Restored the outputs of {string.Join(", ", restored)} from the {cache.StoreDescription}.");

            cancellationToken.ThrowIfCancellationRequested();
            if (check is not null)
            {
                var recorded = cache.Record(target, cache.CurrentInputs(target)); // what it ran with, including inputs it brought (pulled data)
                await cache.RememberRunAsync(target, recorded, cancellationToken);
                await cache.PushOutputsAsync(target, cancellationToken);
            }
            console.Status("✔", "green", $"{target.Name} succeeded in {stopwatch.Elapsed.TotalSeconds:0.00} s");
            return new TargetResult(target.Name, TargetOutcome.Succeeded, stopwatch.Elapsed, check is null ? "" : "ran: " + (force ? "--force" : check.Reason)) { Unchanged = run.Unchanged.Take() };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Status("✘", "red", $"{target.Name} cancelled after {stopwatch.Elapsed.TotalSeconds:0.00} s; nothing recorded for it");
            return new TargetResult(target.Name, TargetOutcome.Cancelled, stopwatch.Elapsed, "Ctrl+C");
        }
        catch (Exception exception) when (exception is PipelineException or BuildConfigurationException)
        {
            return Fail(target, stopwatch.Elapsed, exception.Message);
        }
        catch (Exception exception)
        {
            console.Error(exception.ToString());
            return Fail(target, stopwatch.Elapsed, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private TargetResult Skip(ExecutableTarget target, string reason)
    {
        console.Status("-", "grey", $"{target.Name} skipped ({reason})");
        return new TargetResult(target.Name, TargetOutcome.Skipped, TimeSpan.Zero, reason);
    }

    private TargetResult Fail(ExecutableTarget target, TimeSpan duration, string message)
    {
        console.Status("✘", "red", $"{target.Name} failed: {message}");
        return new TargetResult(target.Name, TargetOutcome.Failed, duration, FirstLine(message));
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n');
        var line = end < 0 ? text : text[..end];
        return line.Length <= 120 ? line : line[..117] + "...";
    }
}
