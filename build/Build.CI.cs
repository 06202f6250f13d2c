using Pipeline.CI.Declaration;
using Pipeline.Components.CI;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Packaging;
using Pipeline.Components.Report;
using Pipeline.Components.Test;
using Pipeline.Components.Train;

partial class Build
{
    /// <summary>
    /// The jobs of .github/workflows/pipeline.yml and .gitlab-ci.yml (./build.sh GenerateCI writes both).
    /// Until --registry names a real registry and --environment kubernetes a cluster, Push and Deploy use the
    /// runner's local registry and podman.
    /// </summary>
    CiPipeline IGenerateCI.ConfigureCI(CiPipeline pipeline) => pipeline
        .WithArtifactStore(new CiArtifactStore()) // PIPELINE_ARTIFACT_STORE (gs://…) and GOOGLE_SERVICE_ACCOUNT_KEY; unset: each runner's .nuke/cache
        .Job<ITrain>(x => x.Train)
        .Job<IReport>(x => x.Report, job => job.WithSecret<IReport>(x => x.GithubToken) with
        {
            Condition = CiCondition.PullRequest,
            Permissions = new Dictionary<string, string> { ["pull-requests"] = "write" },
            FullHistory = true, // the baseline params and metrics come from the target branch
        })
        .Job<IContainerize>(x => x.Containerize, job => job with { Condition = CiCondition.MainBranch })
        // PIPELINE_SIGNING_KEY, once set as a CI secret, signs each pushed digest and its provenance (unset: unsigned)
        .Job<IPush>(x => x.Push, job => job.WithSecret<IPush>(x => x.SigningKey) with { Condition = CiCondition.MainBranch })
        .Job<IDeploy>(x => x.Deploy, job => job
            .WithSecret<IDeploy>(x => x.GithubToken) // deployment statuses, and the reply on the merged pull request
            .WithSecret<IDeploy>(x => x.SlackWebhook) with
        {
            Condition = CiCondition.MainBranch,
            Environment = "test",
            EnvironmentUrlFile = "artifacts/deploy.env", // GitLab's environment page shows the endpoint Deploy wrote
            Permissions = new Dictionary<string, string> { ["deployments"] = "write", ["pull-requests"] = "write" },
            FullHistory = true, // the notification compares metrics with the previous commit
        })
        // production: the digest that runs in test, after production's gate, once a person approves (GitHub: the
        // production environment's required reviewers; GitLab: a manual job, the production environment protected)
        .Job<IDeploy>(x => x.Promote, job => job.RunsAfter<IDeploy>(x => x.Deploy)
            .WithSecret<IDeploy>(x => x.GithubToken)
            .WithSecret<IDeploy>(x => x.SlackWebhook) with
        {
            Condition = CiCondition.MainBranch,
            Environment = "production",
            RequiresApproval = true,
            EnvironmentUrlFile = "artifacts/deploy.env",
            Permissions = new Dictionary<string, string> { ["deployments"] = "write" },
            Variables = new Dictionary<string, string> { ["PIPELINE_PROMOTE_FROM"] = "test" },
        })
        .Job<ITest>(x => x.Test)
        // the feed is PackageFeed in .nuke/parameters.json (a folder on the runner until one is set); its key a CI secret
        .Job<IPack>(x => x.PublishPackages, job => job.WithSecret<IPack>(x => x.PackageFeedApiKey) with
        {
            Condition = CiCondition.MainBranch,
            FullHistory = true, // the version comes from the nearest v* tag and the commits since
        });
}
