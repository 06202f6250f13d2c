using Pipeline.CI.Declaration;

namespace Pipeline.CI.Planning;

/// <summary>A job resolved against the target graph: what it needs, what it skips, what it hands on.</summary>
/// <param name="Job">The declaration.</param>
/// <param name="Needs">Job ids it waits for (transitively reduced).</param>
/// <param name="Upstream">Every job id it depends on, directly or not: their artifacts are downloaded.</param>
/// <param name="Skip">Targets already done upstream, passed to <c>--skip</c>.</param>
/// <param name="Artifacts">Paths uploaded for later jobs.</param>
/// <param name="UsesArtifactStore">It gets the artifact store's address and key and runs with --pull.</param>
internal sealed record PlannedJob(CiJob Job, IReadOnlyList<string> Needs, IReadOnlyList<string> Upstream, IReadOnlyList<string> Skip, IReadOnlyList<string> Artifacts, bool UsesArtifactStore = false)
{
    public string Id => Job.Id;

    /// <summary>The audiences of the OIDC tokens the job exchanges: its own, and the artifact store's when it uses a keyless one.</summary>
    public IReadOnlyList<string> IdentityAudiences(CiArtifactStore? store) =>
        [.. new[] { Job.IdentityTokenAudience, UsesArtifactStore ? store?.IdentityTokenAudience : null }.OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>The command a developer would run locally for the same work.</summary>
    public string Command => $"./build.sh {Job.Target}{(Skip.Count == 0 ? "" : " --skip " + string.Join(' ', Skip))}{(UsesArtifactStore ? " --pull" : "")}";
}
