using Pipeline.CI.Declaration;
using Pipeline.Components.CI;

partial class Build
{
    /// <summary>
    /// The jobs of .github/workflows/pipeline.yml and .gitlab-ci.yml (./build.sh GenerateCI writes both).
    /// Until --registry names a real registry and --environment kubernetes a cluster, Push and Deploy use the
    /// runner's local registry and podman.
    /// </summary>
    CiPipeline IGenerateCI.ConfigureCI(CiPipeline pipeline) => pipeline
        .Secret("GITHUB_TOKEN", "token of the workflow run, to write the report comment")
        .WithArtifactStore(new CiArtifactStore()) // ARTIFACT_STORE (gs://…) and GOOGLE_SERVICE_ACCOUNT_KEY; unset: each runner's .nuke/cache
        .Job("Train")
        .Job("Report", job => job with
        {
            Condition = CiCondition.PullRequest,
            Secrets = ["GITHUB_TOKEN"],
            Permissions = new Dictionary<string, string> { ["pull-requests"] = "write" },
            FullHistory = true, // the baseline params and metrics come from the target branch
        })
        .Job("Containerize", job => job with { Condition = CiCondition.MainBranch })
        .Job("Push", job => job with { Condition = CiCondition.MainBranch })
        .Job("Deploy", job => job with { Condition = CiCondition.MainBranch, Environment = "production" })
        .Job("Test");
}
