using Pipeline.Build;
using Pipeline.CI.Declaration;

namespace Pipeline.CI.Tests;

/// <summary>Small target graphs and CI declarations the generators are pinned on.</summary>
internal static class SyntheticGraphs
{
    public static TargetInfo Target(string name, params string[] dependsOn) => new(name, "", dependsOn, [], false);

    public static TargetInfo Check => Target("CheckCI");

    /// <summary>A → B, A → C, B + C → D; every target a job.</summary>
    public static (CiPipeline, IReadOnlyList<TargetInfo>) Diamond() =>
        (new CiPipeline().Job("A").Job("B").Job("C").Job("D"),
         [Check, Target("A") with { Outputs = ["out/a.txt"] }, Target("B", "A"), Target("C", "A"), Target("D", "B", "C")]);

    /// <summary>The seed workflow's shape: Restore (per machine) → Train → Report on PRs; → Containerize → Push → Deploy on main, with a secret and a bucket store.</summary>
    public static (CiPipeline, IReadOnlyList<TargetInfo>) Seed() =>
        (new CiPipeline()
                .Secret("GOOGLE_SERVICE_ACCOUNT_KEY", "service-account key for the registry and the cluster")
                .Secret("GITHUB_TOKEN", "token for the pull request comment")
                .WithArtifactStore(new CiArtifactStore())
                .Job("Train")
                .Job("Report", job => job with { Condition = CiCondition.PullRequest, Secrets = ["GITHUB_TOKEN"], Permissions = new Dictionary<string, string> { ["pull-requests"] = "write" } })
                .Job("Containerize", job => job with { Condition = CiCondition.MainBranch })
                .Job("Push", job => job with { Condition = CiCondition.MainBranch, Secrets = ["GOOGLE_SERVICE_ACCOUNT_KEY"], Services = new Dictionary<string, string> { ["registry"] = "registry:2" } })
                .Job("Deploy", job => job with { Condition = CiCondition.MainBranch, Secrets = ["GOOGLE_SERVICE_ACCOUNT_KEY"], Environment = "production", Variables = new Dictionary<string, string> { ["NAMESPACE"] = "models" } }),
         [
             Check,
             new TargetInfo("Restore", "", [], ["obj/project.assets.json"], true),
             Target("Train", "Restore") with { Outputs = ["artifacts/model", "artifacts/metrics.json"] },
             Target("Report", "Train") with { Outputs = ["artifacts/report"] },
             Target("Containerize", "Train") with { Outputs = ["artifacts/image.json"] },
             Target("Push", "Containerize") with { Outputs = ["artifacts/digest.txt"] },
             Target("Deploy", "Push"),
         ]);

    /// <summary>A pull-request job with a secret: it must not run for forks.</summary>
    public static (CiPipeline, IReadOnlyList<TargetInfo>) SecretOnPullRequests() =>
        (new CiPipeline().Secret("API_TOKEN", "token of the results dashboard").Job("Publish", job => job with { Secrets = ["API_TOKEN"] }),
         [Check, Target("Publish")]);

    /// <summary>Keyless cloud sign-in, no cloud secret anywhere: Train shares outputs through a Cloud Storage store by workload identity federation; Push to ECR and Deploy to EKS assume roles.</summary>
    public static (CiPipeline, IReadOnlyList<TargetInfo>) KeylessDeploy() =>
        (new CiPipeline()
            .WithArtifactStore(CiArtifactStore.KeylessGoogle("projects/123456789/locations/global/workloadIdentityPools/ci/providers/github"))
            .Job("Train")
            .Job("Push", job => job with
            {
                Condition = CiCondition.MainBranch,
                IdentityTokenAudience = CloudAudience.Aws,
                Variables = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/pipeline-push" },
            })
            .Job("Deploy", job => job with
            {
                Condition = CiCondition.MainBranch,
                Environment = "production",
                IdentityTokenAudience = CloudAudience.Aws,
                Variables = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/pipeline-deploy" },
            }),
         [Check, Target("Train") with { Outputs = ["artifacts/model"] }, Target("Push", "Train"), Target("Deploy", "Push")]);

    /// <summary>Main deploys to test; Promote moves what runs there to production after the deploy, once a person approves.</summary>
    public static (CiPipeline, IReadOnlyList<TargetInfo>) Promotion() =>
        (new CiPipeline()
            .Job("Train")
            .Job("Deploy", job => job with { Condition = CiCondition.MainBranch, Environment = "test" })
            .Job("Promote", job => job with
            {
                Condition = CiCondition.MainBranch,
                Environment = "production",
                RequiresApproval = true,
                After = ["Deploy"],
                Variables = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["PIPELINE_PROMOTE_FROM"] = "test" },
            }),
         [Check, Target("Train") with { Outputs = ["artifacts/model"] }, Target("Deploy", "Train"), Target("Promote")]);

    /// <summary>A Python repository: setup-python on GitHub, python3 installed into GitLab's image, pip for every job, a tool for Train alone.</summary>
    public static (CiPipeline, IReadOnlyList<TargetInfo>) PythonSetup() =>
        (new CiPipeline
            {
                CacheKeyFiles = ["requirements.txt"],
                SetupSteps =
                [
                    CiSetupStep.Action("Set up Python", "actions/setup-python@v5", new Dictionary<string, string> { ["python-version"] = "3.12" }),
                    CiSetupStep.Command("Install Python", "command -v python3 || (apt-get update -qq && apt-get install -y -qq python3 python3-pip)") with { Dialects = CiDialects.GitLab },
                    CiSetupStep.Command("Install the requirements", "python3 -m pip install -r requirements.txt"),
                ],
            }
            .Job("Train", job => job with { SetupSteps = [CiSetupStep.Command("Install DVC", "python3 -m pip install dvc")] })
            .Job("Deploy", job => job with { Condition = CiCondition.MainBranch }),
         [Check, Target("Train") with { Outputs = ["artifacts/model"] }, Target("Deploy", "Train")]);
}
