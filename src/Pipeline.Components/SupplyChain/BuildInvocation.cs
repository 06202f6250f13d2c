namespace Pipeline.Components.SupplyChain;

/// <summary>
/// Who built an image and from where, as SLSA provenance names it: the builder (the CI workflow or runner, or this
/// machine), the run, the source repository (never with credentials in it) and the ref, and when the build started.
/// </summary>
internal sealed record BuildInvocation(string BuilderId, string? InvocationId, string SourceUri, string? Ref, DateTimeOffset StartedOn)
{
    /// <summary>The builder of a run outside CI: this machine, not named (its host name says nothing a verifier can check).</summary>
    public const string LocalBuilder = "urn:pipeline:builder:local";

    /// <summary>From the CI's variables (GitHub Actions, GitLab CI), else a local build of <paramref name="sourceUrl"/> (without credentials: <see cref="Containers.SourceRevision.OriginAsync"/>).</summary>
    public static BuildInvocation FromEnvironment(Func<string, string?> environment, string sourceUrl, DateTimeOffset startedOn)
    {
        if (environment("GITHUB_ACTIONS") == "true" && environment("GITHUB_REPOSITORY") is { } repository)
        {
            var server = environment("GITHUB_SERVER_URL") ?? "https://github.com";
            var run = $"{server}/{repository}/actions/runs/{environment("GITHUB_RUN_ID")}/attempts/{environment("GITHUB_RUN_ATTEMPT") ?? "1"}";
            return new BuildInvocation(environment("GITHUB_WORKFLOW_REF") is { } workflow ? $"{server}/{workflow}" : $"{server}/{repository}/actions", run, $"{server}/{repository}", environment("GITHUB_REF"), startedOn);
        }

        if (environment("GITLAB_CI") == "true" && environment("CI_PROJECT_URL") is { } project)
            return new BuildInvocation($"{project}/-/runners/{environment("CI_RUNNER_ID")}", environment("CI_JOB_URL"), project, environment("CI_COMMIT_REF_NAME") is { } name ? "refs/heads/" + name : null, startedOn);

        return new BuildInvocation(LocalBuilder, null, sourceUrl, null, startedOn);
    }
}
