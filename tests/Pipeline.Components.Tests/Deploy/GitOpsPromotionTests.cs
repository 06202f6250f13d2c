using System.Text.Json;
using LibGit2Sharp;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
using Pipeline.Components.Tests.Report;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>
/// Production as GitOps behind pull requests: Promote proposes the digest that runs in test, with the gate's table in
/// the request's description; the commit carries the record, which the next promotion judges against.
/// </summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class GitOpsPromotionTests : SandboxTests
{
    private const string PullRequests = "/api/v3/repos/acme/config/pulls";
    private FakeKubernetes cluster = null!;
    private FakeHost github = null!;
    private string[] common = null!;

    [SetUp]
    public async Task Start()
    {
        cluster = await FakeKubernetes.StartAsync();
        github = new FakeHost();
        github.Server.Given(Request.Create().WithPath(PullRequests).UsingGet()).RespondWith(Json("[]"));
        github.Server.Given(Request.Create().WithPath(PullRequests).UsingPost()).RespondWith(Json(
            """{ "number": 7, "html_url": "https://github.example/acme/config/pull/7", "state": "open", "head": { "ref": "pipeline/deploy-deploy-prod" }, "base": { "ref": "main" } }""").WithStatusCode(201));
        Sandbox.Write("kubeconfig", cluster.Kubeconfig("fake-token"));
        Sandbox.Environment["GITOPS_TOKEN"] = "ghp-gitops-token";
        common = ["--kubeconfig", Sandbox.PathOf("kubeconfig"), "--rollout-timeout", "5", "--gitops-repository", Sandbox.PathOf("config.git"),
            "--gitops-host", "github", "--gitops-api-url", github.Url.ToString(), "--gitops-project", "acme/config"];
    }

    [TearDown]
    public async Task Stop()
    {
        github.Dispose();
        await cluster.DisposeAsync();
    }

    internal override void Prepare(BuildSandbox emptySandbox) => GitOpsSandbox.Prepare(emptySandbox);

    [Test]
    public async Task Should_ProposeTheDigestThatRunsInTest_WithTheGateTable_AndRecordItInTheCommit()
    {
        var toTest = await Sandbox.RunAsync(new Build(), ["Deploy", "--skip", .. common]);
        var promoted = await Sandbox.RunAsync(new Build(), ["Promote", "--promote-from", "test", "--environment-name", "production", .. common]);
        var status = await Sandbox.RunAsync(new Build(), ["Status", .. common]);

        Assert.That(toTest.ExitCode, Is.Zero, toTest.Output);
        Assert.That(promoted.ExitCode, Is.Zero, promoted.Output);
        Assert.That(promoted.Output, Does.Contain("GitOps: opened https://github.example/acme/config/pull/7").And.Contain("Promote: deployed to production as a request into main"));
        var body = JsonDocument.Parse(github.Requests("POST", PullRequests).Single().RequestMessage!.Body!).RootElement.GetProperty("body").GetString()!;
        Assert.That(body, Does.Contain("### Deploy gate").And.Contain("champion (none yet)").And.Contain("≥ 0.9").And.Contain("pass"));
        Assert.That(body, Does.Not.Contain("Pipeline-Deploy-Record:"), "the record rides in the commit, not in the description");
        using var bare = new Repository(Sandbox.PathOf("config.git"));
        var proposal = bare.Branches["pipeline/deploy-deploy-prod"].Tip;
        Assert.That(proposal.Message, Does.Contain("Pipeline-Deploy-Record: {").And.Contain(GitOpsSandbox.Digest));
        Assert.That(status.Output, Does.Contain("test: 127.0.0.1:5000/pipeline/model-serving@" + GitOpsSandbox.Digest).And.Match(@"\n  production +nothing recorded"),
            "the proposal is not merged yet: production's branch holds nothing of Pipeline's");
    }

    [Test]
    public async Task Should_JudgeAgainstTheRecordOfTheLastCommitToTheFolder()
    {
        var direct = new Build { ProductionThroughPullRequests = false };
        await Sandbox.RunAsync(direct, ["Deploy", "--skip", .. common]);
        await Sandbox.RunAsync(new Build { ProductionThroughPullRequests = false }, ["Promote", "--promote-from", "test", "--environment-name", "production", .. common]);
        Sandbox.Write("artifacts/image-digest.txt", "sha256:3333333333333333333333333333333333333333333333333333333333333333\n");
        Sandbox.Write("artifacts/metrics.json", JsonSerializer.Serialize(new { accuracy = 0.91 }));
        await Sandbox.RunAsync(new Build { ProductionThroughPullRequests = false }, ["Deploy", "--skip", .. common]);

        var refused = await Sandbox.RunAsync(new Build { ProductionThroughPullRequests = false }, ["Promote", "--promote-from", "test", "--environment-name", "production", .. common]);
        var status = await Sandbox.RunAsync(new Build { ProductionThroughPullRequests = false }, ["Status", .. common]);

        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.Output);
        Assert.That(refused.Output, Does.Contain("The deploy gate refuses").And.Contain("0.95").And.Contain("FAIL: 0.04 worse than the champion"));
        Assert.That(status.Output, Does.Contain("production: 127.0.0.1:5000/pipeline/model-serving@" + GitOpsSandbox.Digest));
    }

    private static IResponseBuilder Json(string body) => Response.Create().WithHeader("Content-Type", "application/json").WithBody(body);

    private sealed class Build : PipelineBuild, IKubernetesDeploy
    {
        public bool ProductionThroughPullRequests { get; init; } = true;

        IReadOnlyList<DeployStage> IDeploy.Stages =>
        [
            new("test") { Environment = DeployEnvironment.Kubernetes, Settings = settings => settings with { Namespace = "test" } },
            new("production")
            {
                Environment = DeployEnvironment.Gitops,
                Settings = settings => settings with
                {
                    Namespace = "prod",
                    GitOpsBranch = "main",
                    GitOpsPullRequest = ProductionThroughPullRequests,
                    Gate = [GateRule.Higher("accuracy") with { Floor = 0.9, MaxRegression = 0.005 }],
                },
            },
        ];
    }
}
