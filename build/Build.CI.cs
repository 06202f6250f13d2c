using Pipeline.CI.Declaration;
using Pipeline.Components.CI;

partial class Build
{
    /// <summary>
    /// The jobs of .github/workflows/pipeline.yml and .gitlab-ci.yml (./build.sh GenerateCI writes both).
    /// Deploy (main branch only) joins when that target lands; until --registry names a real registry, Push goes to
    /// the runner's local one.
    /// </summary>
    CiPipeline IGenerateCI.ConfigureCI(CiPipeline pipeline) => pipeline
        .Secret("GITHUB_TOKEN", "token of the workflow run, to write the report comment")
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
        .Job("Test");
}
