using Pipeline.CI.Declaration;

namespace Pipeline.CI.Planning;

/// <summary>A job resolved against the target graph: what it needs, what it skips, what it hands on.</summary>
/// <param name="Job">The declaration.</param>
/// <param name="Needs">Job ids it waits for (transitively reduced).</param>
/// <param name="Upstream">Every job id it depends on, directly or not: their artifacts are downloaded.</param>
/// <param name="Skip">Targets already done upstream, passed to <c>--skip</c>.</param>
/// <param name="Artifacts">Paths uploaded for later jobs.</param>
internal sealed record PlannedJob(CiJob Job, IReadOnlyList<string> Needs, IReadOnlyList<string> Upstream, IReadOnlyList<string> Skip, IReadOnlyList<string> Artifacts)
{
    public string Id => Job.Id;

    /// <summary>The command a developer would run locally for the same work.</summary>
    public string Command => Skip.Count == 0 ? $"./build.sh {Job.Target}" : $"./build.sh {Job.Target} --skip {string.Join(' ', Skip)}";
}
