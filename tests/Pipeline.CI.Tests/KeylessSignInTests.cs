using Pipeline.CI.Declaration;
using Pipeline.CI.GitHub;
using Pipeline.CI.GitLab;

namespace Pipeline.CI.Tests;

/// <summary>Jobs that sign in keyless get the OIDC token and nothing long-lived; the others get neither.</summary>
public sealed class KeylessSignInTests
{
    [Test]
    public void Should_GrantIdTokenWrite_ToTheSigningInJobsOnly_AndMapNoSecret()
    {
        var (pipeline, targets) = SyntheticGraphs.KeylessDeploy();

        var workflow = GitHubWorkflowGenerator.Generate(pipeline, targets);

        var withToken = workflow.Jobs.Where(job => job.Permissions.GetValueOrDefault("id-token") == "write").Select(job => job.Id);
        Assert.That(withToken, Is.EquivalentTo(new[] { "train", "push", "deploy" }));
        Assert.That(workflow.Permissions, Is.EqualTo(new Dictionary<string, string> { ["contents"] = "read" }));
        Assert.That(GitHubWorkflowWriter.Write(workflow), Does.Not.Contain("secrets."));
    }

    [Test]
    public void Should_GiveEachGitLabJobTheAudienceOfItsCloud()
    {
        var (pipeline, targets) = SyntheticGraphs.KeylessDeploy();

        var gitlab = GitLabPipelineGenerator.Generate(pipeline, targets);

        var audiences = gitlab.Jobs.ToDictionary(job => job.Id, job => job.IdTokens.GetValueOrDefault(CiJob.IdentityTokenVariable));
        Assert.That(audiences["check-ci"], Is.Null);
        Assert.That(audiences["train"], Is.EqualTo(new[] { "https://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/ci/providers/github" }));
        Assert.That(audiences["push"], Is.EqualTo(new[] { CloudAudience.Aws }));
        Assert.That(audiences["deploy"], Is.EqualTo(new[] { CloudAudience.Aws }));
    }

    [Test]
    public void Should_AskForBothAudiences_WhenAJobUsesAKeylessStoreAndSignsInElsewhere()
    {
        var (pipeline, targets) = SyntheticGraphs.KeylessDeploy();
        var trainOnAws = pipeline with { Jobs = [.. pipeline.Jobs.Select(job => job.Target == "Train" ? job with { IdentityTokenAudience = CloudAudience.Aws } : job)] };

        var train = GitLabPipelineGenerator.Generate(trainOnAws, targets).Jobs.Single(job => job.Id == "train");

        Assert.That(train.IdTokens[CiJob.IdentityTokenVariable], Is.EqualTo(new[] { CloudAudience.Aws, CloudAudience.Google("projects/123456789/locations/global/workloadIdentityPools/ci/providers/github") }));
        Assert.That(GitLabPipelineWriter.Write(GitLabPipelineGenerator.Generate(trainOnAws, targets)), Does.Contain("      aud:\n      - sts.amazonaws.com\n"));
    }

    [Test]
    public void Should_GiveATrainJobOnTheClusterDeploysSignIn_AndLeaveTheGraphAsItIs()
    {
        var (pipeline, targets) = SyntheticGraphs.KeylessDeploy();
        var onCluster = pipeline with
        {
            Jobs = [.. pipeline.Jobs.Select(job => job.Target == "Train"
                ? job with
                {
                    IdentityTokenAudience = CloudAudience.Aws,
                    Variables = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["PIPELINE_TRAIN_ON"] = "kubernetes", ["PIPELINE_CLUSTER"] = "eks:eu-west-1/models", ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/pipeline-train" },
                }
                : job)],
        };

        var before = GitHubWorkflowGenerator.Generate(pipeline, targets);
        var after = GitHubWorkflowGenerator.Generate(onCluster, targets);

        var train = after.Jobs.Single(job => job.Id == "train");
        Assert.That(train.Env["PIPELINE_TRAIN_ON"], Is.EqualTo("kubernetes"));
        Assert.That(train.Permissions["id-token"], Is.EqualTo("write"));
        Assert.That(after.Jobs.Select(job => (job.Id, string.Join(",", job.Needs))), Is.EqualTo(before.Jobs.Select(job => (job.Id, string.Join(",", job.Needs)))));
        Assert.That(GitHubWorkflowWriter.Write(after), Does.Not.Contain("secrets."));
    }
}
