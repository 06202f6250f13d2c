using System.Text.Json;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Feedback;
using Pipeline.Components.Comparison;
using Pipeline.Components.Tests.Report;
using Pipeline.Tests.Shared;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pipeline.Components.Tests.Deploy.Feedback;

/// <summary>What the team hears about a deploy: GitHub deployments, chat webhooks and the merged pull request, against fakes on 127.0.0.1.</summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class DeployFeedbackTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string Image = "registry.example/model-serving@sha256:" + "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12";
    private FakeHost host = null!;

    [SetUp]
    public void Start() => host = new FakeHost();

    [TearDown]
    public void Stop() => host.Dispose();

    private static CancellationToken Token => TestContext.CurrentContext.CancellationToken;

    private static DeployNews News => new("production", Sha, "0123456789ab", Image, "https://github.com/acme/model/actions/runs/99",
        [new DiffRow("accuracy", "0.9", "0.95"), new DiffRow("logLoss", null, "0.21")]);

    [Test]
    public async Task Should_CreateTheDeploymentThenReportInProgressAndSuccess_WithTheEndpointAndRun()
    {
        host.Server.Given(Request.Create().WithPath("/api/v3/repos/acme/model/deployments").UsingPost())
            .RespondWith(Json("""{"id": 42, "sha": "0123", "environment": "production"}""", 201));
        host.Server.Given(Request.Create().WithPath("/api/v3/repos/acme/model/deployments/42/statuses").UsingPost())
            .RespondWith(Json("""{"id": 1, "state": "success"}""", 201));
        var deployments = new GitHubDeployments(Client(), "acme", "model", "https://github.com/acme/model/actions/runs/99", TimeSpan.FromMilliseconds(1));

        await deployments.StartedAsync(News, Token);
        await deployments.FinishedAsync(News.Finished(new DeployResult(DeployOutcome.Deployed, "203.0.113.7"), "http://203.0.113.7/"), Token);

        var created = Body(host.Requests("POST", "/api/v3/repos/acme/model/deployments").Single());
        Assert.That(created.GetProperty("ref").GetString(), Is.EqualTo(Sha));
        Assert.That(created.GetProperty("environment").GetString(), Is.EqualTo("production"));
        Assert.That(created.GetProperty("required_contexts").GetArrayLength(), Is.Zero, "other checks of the commit may still run");
        Assert.That(created.GetProperty("auto_merge").GetBoolean(), Is.False);
        Assert.That(created.GetProperty("payload").GetProperty("image").GetString(), Is.EqualTo(Image));
        var statuses = host.Requests("POST", "/api/v3/repos/acme/model/deployments/42/statuses").Select(Body).ToList();
        Assert.That(statuses.Select(s => s.GetProperty("state").GetString()), Is.EqualTo(new[] { "in_progress", "success" }));
        Assert.That(statuses[1].GetProperty("environment_url").GetString(), Is.EqualTo("http://203.0.113.7/"));
        Assert.That(statuses[1].GetProperty("log_url").GetString(), Is.EqualTo("https://github.com/acme/model/actions/runs/99"));
    }

    [Test]
    public async Task Should_ReportFailureWithTheDiagnosis_CutToGitHubsLimit_GivenARolledBackDeploy()
    {
        host.Server.Given(Request.Create().WithPath("/api/v3/repos/acme/model/deployments").UsingPost()).RespondWith(Json("""{"id": 7}""", 201));
        host.Server.Given(Request.Create().WithPath("/api/v3/repos/acme/model/deployments/7/statuses").UsingPost()).RespondWith(Json("""{"id": 1}""", 201));
        var deployments = new GitHubDeployments(Client(), "acme", "model", null, TimeSpan.FromMilliseconds(1));
        var diagnosis = "Pod model-serving-abc: ImagePullBackOff " + new string('x', 300) + "\nmore events";

        await deployments.StartedAsync(News, Token);
        await deployments.FinishedAsync(News.Failed(new DeploymentFailedException(DeployOutcome.RolledBack, diagnosis)), Token);

        var final = Body(host.Requests("POST", "/api/v3/repos/acme/model/deployments/7/statuses").Last());
        Assert.That(final.GetProperty("state").GetString(), Is.EqualTo("failure"));
        Assert.That(final.GetProperty("description").GetString(), Does.StartWith("Pod model-serving-abc: ImagePullBackOff").And.Length.EqualTo(GitHubDeployments.DescriptionLimit));
    }

    [Test]
    public async Task Should_NameTheMissingPermission_AndStillFinishTheDeploy_GivenGitHubForbidsDeployments()
    {
        host.Server.Given(Request.Create().WithPath("/api/v3/repos/acme/model/deployments").UsingPost())
            .RespondWith(Json("""{"message": "Resource not accessible by integration"}""", 403));
        var log = new RecordingLog();
        var feedback = new DeployFeedback([new GitHubDeployments(Client(), "acme", "model", null, TimeSpan.FromMilliseconds(1))], log);

        var result = await feedback.AroundAsync(News, () => Task.FromResult(new DeployResult(DeployOutcome.Deployed, "127.0.0.1:8080")), _ => "http://127.0.0.1:8080/", Token);

        Assert.That(result.Outcome, Is.EqualTo(DeployOutcome.Deployed));
        Assert.That(log.Lines.Where(l => l.StartsWith("warning: ", StringComparison.Ordinal)), Has.One.Contains("deployments: write").And.Contain("not affected"));
        Assert.That(host.Server.LogEntries.Where(e => e.RequestMessage!.Path.EndsWith("/statuses", StringComparison.Ordinal)), Is.Empty, "no status without a deployment");
    }

    [Test]
    public async Task Should_TellListenersTheOutcome_AndRethrow_GivenTheDeployFails()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("deploy-env-").FullName, "artifacts/deploy.env");
        var recorder = new RecordingListener();
        var feedback = new DeployFeedback([new EnvironmentUrlFile(file), recorder], new RecordingLog());
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "PIPELINE_ENVIRONMENT_URL=http://old/\n");

        var error = await Assert.ThrowsAsync<DeploymentFailedException>(() => feedback.AroundAsync(News,
            () => throw new DeploymentFailedException(DeployOutcome.Failed, "OOMKilled (limit 256Mi)"), _ => null, Token));

        Assert.That(error!.Message, Does.Contain("OOMKilled"));
        Assert.That(recorder.States, Is.EqualTo(new[] { DeployState.InProgress, DeployState.Failed }));
        Assert.That(File.Exists(file), Is.False, "a failed deploy leaves no stale URL for GitLab's environment");

        await feedback.AroundAsync(News, () => Task.FromResult(new DeployResult(DeployOutcome.Unchanged, "127.0.0.1:8080")), _ => "http://127.0.0.1:8080/", Token);
        Assert.That(File.ReadAllText(file), Is.EqualTo("PIPELINE_ENVIRONMENT_URL=http://127.0.0.1:8080/\n"));
    }

    [Test]
    public async Task Should_RetryTheWebhook_ThenPostOnce_GivenOneServerError()
    {
        host.Server.Given(Request.Create().WithPath("/services/T1/B2/secretpart").UsingPost()).InScenario("flaky").WillSetStateTo("up").RespondWith(Response.Create().WithStatusCode(503));
        host.Server.Given(Request.Create().WithPath("/services/T1/B2/secretpart").UsingPost()).InScenario("flaky").WhenStateIs("up").RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        var notifier = new WebhookNotifier(SharedHttp.Webhooks, new Uri(host.Url, "services/T1/B2/secretpart"), new SlackMessage(), TimeSpan.FromMilliseconds(1));

        await notifier.FinishedAsync(News.Finished(new DeployResult(DeployOutcome.Deployed, "203.0.113.7"), "http://203.0.113.7/"), Token);

        var posts = host.Requests("POST", "/services/T1/B2/secretpart");
        Assert.That(posts, Has.Count.EqualTo(2));
        Assert.That(Body(posts[1]).GetProperty("text").GetString(), Is.EqualTo("✅ Deployed 0123456789ab to production"));
    }

    [Test]
    public async Task Should_GiveUpAsAWarningNamingNoUrl_GivenTheWebhookKeepsFailing()
    {
        host.Server.Given(Request.Create().WithPath("/services/T1/B2/secretpart").UsingPost()).RespondWith(Response.Create().WithStatusCode(500));
        var log = new RecordingLog();
        var feedback = new DeployFeedback([new WebhookNotifier(SharedHttp.Webhooks, new Uri(host.Url, "services/T1/B2/secretpart"), new TeamsMessage(), TimeSpan.FromMilliseconds(1))], log);

        await feedback.FinishedAsync(News.Failed(new InvalidDataException("x")), Token);

        Assert.That(host.Requests("POST", "/services/T1/B2/secretpart"), Has.Count.EqualTo(4), "one try and three retries");
        Assert.That(log.Lines.Where(l => l.StartsWith("warning: ", StringComparison.Ordinal)), Has.One.Contains("Teams kept failing (500) after 3 retries"));
        Assert.That(string.Join("\n", log.Lines), Does.Not.Contain("secretpart"));
    }

    [TestCase(DeployOutcome.Deployed, "✅ Deployed 0123456789ab to production")]
    [TestCase(DeployOutcome.Unchanged, "➖ production already runs 0123456789ab (sha256:ab12ab12ab12): unchanged")]
    [TestCase(DeployOutcome.RolledBack, "↩️ Rolled back production: 0123456789ab did not become healthy")]
    [TestCase(DeployOutcome.Failed, "❌ Deploy of 0123456789ab to production failed")]
    public void Should_HeadTheSlackMessageWithTheOutcome_AndListVersionMetricsEndpointAndRun(DeployOutcome outcome, string headline)
    {
        var news = outcome is DeployOutcome.Deployed or DeployOutcome.Unchanged
            ? News.Finished(new DeployResult(outcome, "203.0.113.7"), "http://203.0.113.7/")
            : News.Failed(new DeploymentFailedException(outcome, "ImagePullBackOff: <registry> denied"));

        var json = JsonSerializer.Serialize(new SlackMessage().Payload(news));

        using var document = JsonDocument.Parse(json);
        var blocks = document.RootElement.GetProperty("blocks");
        Assert.That(document.RootElement.GetProperty("text").GetString(), Is.EqualTo(headline));
        var fields = blocks[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToList();
        Assert.That(fields, Does.Contain("*Model version*\n0123456789ab").And.Contain("*Metrics*\naccuracy 0.95 (+0.05 (+5.56%)), logLoss 0.21"));
        Assert.That(blocks[blocks.GetArrayLength() - 1].GetProperty("elements")[0].GetProperty("text").GetString(), Is.EqualTo("<https://github.com/acme/model/actions/runs/99|The deploy job>"));
        if (news.Problem is not null)
            Assert.That(json, Does.Contain("\\u0026lt;registry\\u0026gt; denied"), "mrkdwn's reserved characters are escaped");
        else
            Assert.That(fields, Does.Contain("*Endpoint*\nhttp://203.0.113.7/"));
    }

    [TestCase('&')]
    [TestCase('<')]
    [TestCase('x')]
    public void Should_KeepTheDiagnosisWithinBlockKitsSectionLimit_AfterEscaping(char filler)
    {
        var diagnosis = "CrashLoopBackOff: " + new string(filler, 4_000); // a log tail full of characters mrkdwn escapes

        var json = JsonSerializer.Serialize(new SlackMessage().Payload(News.Failed(new DeploymentFailedException(DeployOutcome.Failed, diagnosis))));

        using var document = JsonDocument.Parse(json);
        var section = document.RootElement.GetProperty("blocks")[2].GetProperty("text").GetProperty("text").GetString()!;
        Assert.That(section.Length, Is.LessThanOrEqualTo(SlackMessage.SectionTextLimit));
        Assert.That(section, Does.StartWith("```CrashLoopBackOff: ").And.EndWith("…```"));
        Assert.That(section, Does.Not.Match("&[a-z]*…"), "no entity cut in half");
    }

    [Test]
    public void Should_PostOneAdaptiveCardToTeams_WithTheFactsAndALinkToTheRun()
    {
        var json = JsonSerializer.Serialize(new TeamsMessage().Payload(News.Finished(new DeployResult(DeployOutcome.Deployed, "203.0.113.7"), "http://203.0.113.7/")));

        using var document = JsonDocument.Parse(json);
        var attachment = document.RootElement.GetProperty("attachments")[0];
        Assert.That(attachment.GetProperty("contentType").GetString(), Is.EqualTo("application/vnd.microsoft.card.adaptive"));
        var card = attachment.GetProperty("content");
        Assert.That(card.GetProperty("type").GetString(), Is.EqualTo("AdaptiveCard"));
        Assert.That(card.GetProperty("body")[1].GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("title").GetString()),
            Is.EqualTo(new[] { "Environment", "Model version", "Image", "Endpoint", "Metrics" }));
        Assert.That(card.GetProperty("actions")[0].GetProperty("url").GetString(), Is.EqualTo("https://github.com/acme/model/actions/runs/99"));
    }

    [Test]
    public async Task Should_ReplyOnTheMergedPullRequestOnce_UpdatingThatReplyOnARerun()
    {
        host.Server.Given(Request.Create().WithPath($"/api/v3/repos/acme/model/commits/{Sha}/pulls").UsingGet())
            .RespondWith(Json("""[{"number": 5, "merged_at": null, "state": "open"}, {"number": 7, "merged_at": "2026-12-01T10:00:00Z", "state": "closed"}]"""));
        const string comments = "/api/v3/repos/acme/model/issues/7/comments";
        host.Server.Given(Request.Create().WithPath(comments).UsingGet()).AtPriority(5).RespondWith(Json("[]"));
        host.Server.Given(Request.Create().WithPath(comments).UsingPost()).InScenario("reply").WillSetStateTo("replied")
            .RespondWith(Json("""{"id": 11, "body": "<!-- pipeline-deploy production -->"}""", 201));
        host.Server.Given(Request.Create().WithPath(comments).UsingGet()).InScenario("reply").WhenStateIs("replied").AtPriority(1)
            .RespondWith(Json("""[{"id": 3, "body": "<!-- pipeline-report --> the report"}, {"id": 11, "body": "<!-- pipeline-deploy production --> first"}]"""));
        host.Server.Given(Request.Create().WithPath("/api/v3/repos/acme/model/issues/comments/11").UsingPatch()).RespondWith(Json("""{"id": 11}"""));
        var reply = new MergedPullRequestReply(Client(), "acme", "model", TimeSpan.FromMilliseconds(1));

        await reply.FinishedAsync(News.Failed(new DeploymentFailedException(DeployOutcome.RolledBack, "ImagePullBackOff")), Token);
        await reply.FinishedAsync(News.Finished(new DeployResult(DeployOutcome.Deployed, "203.0.113.7"), "http://203.0.113.7/"), Token);

        var created = host.Requests("POST", comments).Single();
        Assert.That(created.RequestMessage!.Body, Does.Contain("pipeline-deploy production").And.Contain("Rolled back production").And.Contain("ImagePullBackOff"));
        var updated = host.Requests("PATCH", "/api/v3/repos/acme/model/issues/comments/11").Single();
        Assert.That(updated.RequestMessage!.Body, Does.Contain("Deployed 0123456789ab to production").And.Contain("http://203.0.113.7/"));
        Assert.That(host.Requests("PATCH", "/api/v3/repos/acme/model/issues/comments/3"), Is.Empty, "the report's comment is left alone");
    }

    [Test]
    public async Task Should_PostNothing_GivenACommitPushedWithoutAPullRequest()
    {
        host.Server.Given(Request.Create().WithPath($"/api/v3/repos/acme/model/commits/{Sha}/pulls").UsingGet()).RespondWith(Json("[]"));

        await new MergedPullRequestReply(Client(), "acme", "model").FinishedAsync(News.Finished(new DeployResult(DeployOutcome.Deployed, null), null), Token);

        Assert.That(host.Server.LogEntries.Where(e => e.RequestMessage!.Method != "GET"), Is.Empty);
    }

    [Test]
    public async Task Should_NoteTheMergedGitLabMergeRequestOnce_AndUpdateItOnARerun()
    {
        await using var gitlab = new Pipeline.Tests.Fakes.FakeGitLabNotes("glpat-token") { MergedRequest = 12 };
        var reply = new MergedMergeRequestReply(SharedHttp.GitLab, new Uri(gitlab.ApiUrl), "42", "glpat-token", TimeSpan.FromMilliseconds(1));

        await reply.FinishedAsync(News.Finished(new DeployResult(DeployOutcome.Deployed, "203.0.113.7"), "http://203.0.113.7/"), Token);
        await reply.FinishedAsync(News.Finished(new DeployResult(DeployOutcome.Unchanged, "203.0.113.7"), "http://203.0.113.7/"), Token);

        Assert.That(gitlab.Notes, Has.Count.EqualTo(1));
        Assert.That(gitlab.Notes[0], Does.StartWith("<!-- pipeline-deploy production -->").And.Contain("unchanged"));
    }

    private Octokit.IGitHubClient Client() => Pipeline.Components.CodeHost.GitHubCommentPublisher.Client(host.Url, "ghs_token");

    private static WireMock.ResponseBuilders.IResponseBuilder Json(string body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    private static JsonElement Body(WireMock.Logging.ILogEntry entry) => JsonDocument.Parse(entry.RequestMessage!.Body!).RootElement;

    private sealed class RecordingListener : IDeployListener
    {
        public List<DeployState> States { get; } = [];

        public string Name => "recorder";

        public Task StartedAsync(DeployNews news, CancellationToken cancellationToken)
        {
            States.Add(news.State);
            return Task.CompletedTask;
        }

        public Task FinishedAsync(DeployNews news, CancellationToken cancellationToken)
        {
            States.Add(news.State);
            return Task.CompletedTask;
        }
    }
}
