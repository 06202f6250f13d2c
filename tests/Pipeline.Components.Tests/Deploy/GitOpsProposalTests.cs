using LibGit2Sharp;
using Pipeline.Components.Tests.Report;
using Pipeline.Tests.Shared;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>
/// Deploy --environment gitops --gitops-pull-request: the change pushed to a branch of a real bare repository and
/// proposed through fakes of GitHub's and GitLab's REST APIs on 127.0.0.1.
/// </summary>
[CancelAfter(120_000)]
public sealed class GitOpsProposalTests : SandboxTests
{
    private const string PullRequests = "/api/v3/repos/acme/config/pulls";
    private const string MergeRequests = "/api/v4/projects/config/merge_requests";
    private const string Head = "pipeline/deploy-deploy-prod";
    private const string NewDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private FakeHost host = null!;

    internal override void Prepare(BuildSandbox emptySandbox) => GitOpsSandbox.Prepare(emptySandbox);

    [SetUp]
    public void StartHost() => host = new FakeHost();

    [TearDown]
    public void StopHost() => host.Dispose();

    [Test]
    public async Task Should_PushABranchAndOpenAPullRequest_InsteadOfCommittingToTheEnvironmentBranch()
    {
        var deployed = await DeployAsync();
        Sandbox.Write("artifacts/image-digest.txt", $"{NewDigest}\nsha256:209d83e94c4d\n");
        host.Server.Given(Request.Create().WithPath(PullRequests).UsingGet()).RespondWith(Json("[]"));
        host.Server.Given(Request.Create().WithPath(PullRequests).UsingPost()).RespondWith(Json(PullRequest(12)).WithStatusCode(201));

        var run = await DeployAsync("--gitops-pull-request", "--gitops-host", "github", "--gitops-api-url", host.Url.ToString(), "--gitops-project", "acme/config");

        using var bare = new Repository(Sandbox.PathOf("config.git"));
        var proposed = bare.Branches[Head].Tip;
        var created = host.Requests("POST", PullRequests).Single().RequestMessage!.Body!;
        Assert.That(deployed.ExitCode, Is.Zero, deployed.Output);
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(bare.Branches["production"].Commits.Count(), Is.EqualTo(1), "the environment branch is not touched");
        Assert.That(proposed.Parents.Single().Sha, Is.EqualTo(bare.Branches["production"].Tip.Sha));
        Assert.That(((Blob)proposed["deploy/prod/deployment-model-serving.yaml"].Target).GetContentText(), Does.Contain(NewDigest));
        Assert.That(created, Does.Contain($"\"head\":\"{Head}\"").And.Contain("\"base\":\"production\"").And.Contain("\"title\":\"Deploy 127.0.0.1:5000/pipeline/model-serving@sha256:111111111111"));
        Assert.That(run.Output, Does.Contain("GitOps: opened https://github.example/acme/config/pull/12").And.Contain("Deploy: deployed as a request into production"));
    }

    [Test]
    public async Task Should_WriteNothing_WhenTheOpenPullRequestAlreadyProposesTheseManifests()
    {
        await DeployAsync();
        Sandbox.Write("artifacts/image-digest.txt", $"{NewDigest}\nsha256:209d83e94c4d\n");
        host.Server.Given(Request.Create().WithPath(PullRequests).UsingGet()).InScenario("pr").WhenStateIs(null!).RespondWith(Json("[]"));
        host.Server.Given(Request.Create().WithPath(PullRequests).UsingPost()).InScenario("pr").WillSetStateTo("open").RespondWith(Json(PullRequest(12)).WithStatusCode(201));
        host.Server.Given(Request.Create().WithPath(PullRequests).UsingGet()).InScenario("pr").WhenStateIs("open").RespondWith(Json($"[{PullRequest(12)}]"));
        await DeployAsync("--gitops-pull-request", "--gitops-host", "github", "--gitops-api-url", host.Url.ToString(), "--gitops-project", "acme/config");
        string TipOfHead()
        {
            using var bare = new Repository(Sandbox.PathOf("config.git"));
            return bare.Branches[Head].Tip.Sha;
        }

        var before = TipOfHead();

        var again = await DeployAsync("--gitops-pull-request", "--gitops-host", "github", "--gitops-api-url", host.Url.ToString(), "--gitops-project", "acme/config");

        Assert.That(again.ExitCode, Is.Zero, again.Output);
        Assert.That(again.Output, Does.Contain("already proposes these manifests: unchanged, nothing written"));
        Assert.That(TipOfHead(), Is.EqualTo(before));
        Assert.That(host.Requests("POST", PullRequests), Has.Count.EqualTo(1));
        Assert.That(host.Server.LogEntries.Count(entry => entry.RequestMessage!.Method == "PATCH"), Is.Zero);
    }

    [Test]
    public async Task Should_OpenAMergeRequest_GivenAGitLabRepository()
    {
        await DeployAsync();
        Sandbox.Write("artifacts/image-digest.txt", $"{NewDigest}\nsha256:209d83e94c4d\n");
        host.Server.Given(Request.Create().WithPath(MergeRequests).UsingGet()).RespondWith(Json("[]"));
        host.Server.Given(Request.Create().WithPath(MergeRequests).UsingPost())
            .RespondWith(Json("""{ "iid": 3, "web_url": "https://gitlab.example/config/-/merge_requests/3" }""").WithStatusCode(201));

        var run = await DeployAsync("--gitops-pull-request", "--gitops-host", "gitlab", "--gitops-api-url", host.Url + "api/v4", "--gitops-project", "config");

        var created = host.Requests("POST", MergeRequests).Single().RequestMessage!;
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(created.Body, Does.Contain($"\"source_branch\":\"{Head}\"").And.Contain("\"target_branch\":\"production\""));
        Assert.That(created.Headers!["PRIVATE-TOKEN"].Single(), Is.EqualTo("glpat-proposal-token"));
        Assert.That(run.Output, Does.Contain("GitOps: opened https://gitlab.example/config/-/merge_requests/3").And.Not.Contain("glpat-proposal-token"));
    }

    [Test]
    public async Task Should_AskForATokenAndTheHost_BeforeWritingAnything()
    {
        var run = await GitOpsSandbox.DeployAsync(Sandbox, ["--gitops-pull-request"]);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("--gitops-pull-request needs GITOPS_TOKEN"));
    }

    private Task<BuildRun> DeployAsync(params string[] extra)
    {
        Sandbox.Environment.TryAdd("GITOPS_TOKEN", "glpat-proposal-token");
        return GitOpsSandbox.DeployAsync(Sandbox, extra);
    }

    private static IResponseBuilder Json(string body) => Response.Create().WithHeader("Content-Type", "application/json").WithBody(body);

    private static string PullRequest(int number) =>
        $$"""{ "number": {{number}}, "html_url": "https://github.example/acme/config/pull/{{number}}", "state": "open", "head": { "ref": "{{Head}}" }, "base": { "ref": "production" } }""";
}
