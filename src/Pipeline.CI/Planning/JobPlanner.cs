using Pipeline.Build;
using Pipeline.CI.Declaration;

namespace Pipeline.CI.Planning;

/// <summary>
/// Target graph + CI declaration → job graph. Pure: the same inputs give the same jobs in the same order.
/// The first job runs <see cref="CheckTarget"/>; every job without another upstream job needs it.
/// </summary>
internal static class JobPlanner
{
    public const string CheckTarget = "CheckCI";

    public static IReadOnlyList<PlannedJob> Plan(CiPipeline pipeline, IReadOnlyList<TargetInfo> targets)
    {
        var byName = targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Validate(pipeline, byName);
        var jobs = new[] { new CiJob(CheckTarget) }.Concat(pipeline.Jobs).ToDictionary(j => j.Target, StringComparer.Ordinal);
        var order = targets.Select((t, i) => (t.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

        var planned = new List<PlannedJob>();
        // a job comes after every job it waits for, so each stage only needs earlier ones (GitLab requires it)
        int Depth(CiJob job) => Math.Max(Closure(job.Target, byName).Count, job.After.Select(after => Depth(jobs[after]) + 1).DefaultIfEmpty(0).Max());
        foreach (var job in pipeline.Jobs.OrderBy(Depth).ThenBy(j => order[j.Target]))
        {
            var closure = Closure(job.Target, byName);
            var upstream = closure.Where(jobs.ContainsKey).Where(name => name != CheckTarget).OrderBy(name => order[name]).ToList();
            foreach (var name in upstream.Concat(job.After))
                ThrowIfIncompatible(job, jobs[name]);
            var needs = upstream.Where(u => !upstream.Any(other => other != u && Closure(other, byName).Contains(u))).Concat(job.After.Where(after => !upstream.Contains(after))).ToList();
            var doneUpstream = upstream.SelectMany(u => Closure(u, byName).Append(u)).ToHashSet(StringComparer.Ordinal);
            var running = Running(job.Target, doneUpstream, byName);
            var skip = closure.Where(name => !running.Contains(name)).OrderBy(name => order[name]).ToList();
            var outputs = byName[job.Target].Outputs;
            var runs = running.Select(name => byName[name]);
            planned.Add(new PlannedJob(
                job,
                (needs.Count == 0 ? [CheckTarget] : needs).Select(n => jobs[n].Id).ToList(),
                upstream.Select(u => jobs[u].Id).ToList(),
                skip,
                outputs.Count == 0 ? [] : [.. outputs, "pipeline.lock"],
                pipeline.ArtifactStore is not null && (job.UsesArtifactStore ?? runs.Any(target => target.Outputs.Count > 0 && !target.IsCachedPerMachine))));
        }

        return [new PlannedJob(jobs[CheckTarget], [], [], [], []), .. planned];
    }

    private static void Validate(CiPipeline pipeline, Dictionary<string, TargetInfo> byName)
    {
        if (!byName.ContainsKey(CheckTarget))
            throw new CiDeclarationException($"The build has no {CheckTarget} target; implement IGenerateCI so the generated pipelines can check themselves first.");
        var duplicate = pipeline.Jobs.GroupBy(j => j.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new CiDeclarationException($"Two jobs would be named '{duplicate.Key}' ({string.Join(", ", duplicate.Select(j => j.Target))}); declare each target once.");
        foreach (var job in pipeline.Jobs)
        {
            if (job.RequiresApproval && job.Environment is null)
                throw new CiDeclarationException($"CI job '{job.Target}' requires approval but has no Environment: approval is given per environment (GitHub's required reviewers, GitLab's protected environments); set one.");
            if (job.After.FirstOrDefault(after => !pipeline.Jobs.Any(other => other.Target == after)) is { } missing)
                throw new CiDeclarationException($"CI job '{job.Target}' runs after '{missing}', which is not a job of the pipeline: declare it with Job(...) first.");
        }

        foreach (var step in pipeline.SetupSteps.Concat(pipeline.Jobs.SelectMany(job => job.SetupSteps)))
        {
            if ((step.Uses is null) == (step.Run is null))
                throw new CiDeclarationException($"Setup step '{step.Name}' must have either Uses (a GitHub action) or Run (a shell command), not {(step.Uses is null ? "neither" : "both")}.");
            if (step.Uses is not null && step.Dialects != CiDialects.GitHub)
                throw new CiDeclarationException($"Setup step '{step.Name}' uses the action {step.Uses}, which only GitHub runs: set Dialects = CiDialects.GitHub and give GitLab a Run step.");
        }

        foreach (var job in pipeline.Jobs)
        {
            if (!byName.ContainsKey(job.Target))
                throw new CiDeclarationException($"CI job '{job.Target}' names no target of the build. Targets: {string.Join(", ", byName.Keys)}.");
            if (job.Target == CheckTarget)
                throw new CiDeclarationException($"{CheckTarget} is always the first job; do not declare it.");
            var undeclared = job.Secrets.FirstOrDefault(s => pipeline.Secrets.All(declared => declared.Name != s));
            if (undeclared is not null)
                throw new CiDeclarationException($"CI job '{job.Target}' uses secret {undeclared}, which is not declared; pass it with job.WithSecret<TBuild>(x => x.Parameter), which declares it.");
        }
    }

    private static void ThrowIfIncompatible(CiJob job, CiJob upstream)
    {
        if (upstream.Condition == CiCondition.Always || upstream.Condition == job.Condition)
            return;
        throw new CiDeclarationException(
            $"CI job '{job.Target}' ({Describe(job.Condition)}) depends on '{upstream.Target}', which runs {Describe(upstream.Condition)}: " +
            $"that job graph cannot be expressed. Run '{upstream.Target}' always, or give '{job.Target}' the same condition.");
    }

    private static string Describe(CiCondition condition) => condition switch
    {
        CiCondition.PullRequest => "only on pull/merge requests",
        CiCondition.MainBranch => "only on the main branch",
        _ => "on every pipeline",
    };

    /// <summary>
    /// The targets a job runs: its own, what is not done upstream, and a per-machine target done upstream only when a
    /// target that runs here needs it (its result, such as an image in local container storage, is not an artifact).
    /// So Push rebuilds the image from the layer cache, and Deploy, whose Push was done upstream, runs no Containerize.
    /// </summary>
    private static HashSet<string> Running(string target, HashSet<string> doneUpstream, Dictionary<string, TargetInfo> byName)
    {
        var running = new HashSet<string>(StringComparer.Ordinal) { target };
        var pending = new Stack<string>([target]);
        while (pending.Count > 0)
        {
            foreach (var dependency in byName[pending.Pop()].DependsOn)
            {
                if ((!doneUpstream.Contains(dependency) || byName[dependency].IsCachedPerMachine) && running.Add(dependency))
                    pending.Push(dependency);
            }
        }

        return running;
    }

    /// <summary>Every target the given one depends on, directly or not (not itself).</summary>
    private static HashSet<string> Closure(string target, Dictionary<string, TargetInfo> byName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(byName[target].DependsOn);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (seen.Add(next))
                foreach (var dependency in byName[next].DependsOn)
                    pending.Push(dependency);
        }

        return seen;
    }
}
