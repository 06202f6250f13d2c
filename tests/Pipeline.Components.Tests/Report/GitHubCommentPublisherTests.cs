using Pipeline.Build;
using Pipeline.Components.Report;
using Pipeline.Components.CodeHost;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pipeline.Components.Tests.Report;

/// <summary>The sticky comment against a fake GitHub REST API (Octokit puts a non-github.com host's API under /api/v3/).</summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class GitHubCommentPublisherTests
{
    private const string Token = "ghs_fake_token_value_123";
    private const string Comments = "/api/v3/repos/acme/model/issues/7/comments";
    private FakeHost host = null!;

    [SetUp]
    public void Start() => host = new FakeHost();

    [TearDown]
    public void Stop() => host.Dispose();

    [Test]
    public async Task Should_CreateTheCommentFirst_ThenUpdateThatSameComment()
    {
        host.Server.Given(Request.Create().WithPath(Comments).UsingGet()).AtPriority(5).RespondWith(Json("[]"));
        host.Server.Given(Request.Create().WithPath(Comments).UsingPost()).InScenario("sticky").WillSetStateTo("created")
            .RespondWith(Json(Comment(5, ReportContent.Marker + " first")).WithStatusCode(201));
        host.Server.Given(Request.Create().WithPath(Comments).UsingGet()).InScenario("sticky").WhenStateIs("created").AtPriority(1)
            .RespondWith(Json($"[{Comment(3, "LGTM")}, {Comment(5, ReportContent.Marker + " first")}]"));
        host.Server.Given(Request.Create().WithPath("/api/v3/repos/acme/model/issues/comments/5").UsingPatch())
            .RespondWith(Json(Comment(5, ReportContent.Marker + " second")));

        await Publisher().PublishAsync(ReportContent.Marker + " first", TestContext.CurrentContext.CancellationToken);
        await Publisher().PublishAsync(ReportContent.Marker + " second", TestContext.CurrentContext.CancellationToken);

        Assert.That(host.Requests("POST", Comments), Has.Count.EqualTo(1));
        var update = host.Requests("PATCH", "/api/v3/repos/acme/model/issues/comments/5");
        Assert.That(update, Has.Count.EqualTo(1));
        Assert.That(update[0].RequestMessage!.Body, Does.Contain("second"));
        Assert.That(host.Requests("PATCH", "/api/v3/repos/acme/model/issues/comments/3"), Is.Empty);
        Assert.That(host.Server.LogEntries.All(e => e.RequestMessage!.Headers!["Authorization"].Single().EndsWith(Token)), Is.True);
    }

    [Test]
    public async Task Should_FollowThePagesOfComments_ToFindTheMarkedOne()
    {
        host.Server.Given(Request.Create().WithPath(Comments).UsingGet()).AtPriority(5)
            .RespondWith(Json($"[{Comment(3, "unrelated")}]").WithHeader("Link", $"<{host.Url}api/v3/repos/acme/model/issues/7/comments?page=2>; rel=\"next\""));
        host.Server.Given(Request.Create().WithPath(Comments).WithParam("page", "2").UsingGet()).AtPriority(1)
            .RespondWith(Json($"[{Comment(9, "older " + ReportContent.Marker)}]"));
        host.Server.Given(Request.Create().WithPath("/api/v3/repos/acme/model/issues/comments/9").UsingPatch()).RespondWith(Json(Comment(9, "x")));

        await Publisher().PublishAsync(ReportContent.Marker + " new", TestContext.CurrentContext.CancellationToken);

        Assert.That(host.Requests("PATCH", "/api/v3/repos/acme/model/issues/comments/9"), Has.Count.EqualTo(1));
        Assert.That(host.Requests("POST", Comments), Is.Empty);
    }

    [Test]
    public async Task Should_ExplainTheMissingPermission_GivenForbidden()
    {
        host.Server.Given(Request.Create().WithPath(Comments).UsingGet()).RespondWith(Json("[]"));
        host.Server.Given(Request.Create().WithPath(Comments).UsingPost())
            .RespondWith(Json("""{"message": "Resource not accessible by integration"}""").WithStatusCode(403));

        var error = await Assert.ThrowsAsync<ReportPublishException>(() => Publisher().PublishAsync("body", TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("(403)").And.Contain("pull-requests: write").And.Not.Contain(Token));
    }

    [Test]
    public async Task Should_NameThePullRequest_GivenNotFound()
    {
        host.Server.Given(Request.Create().WithPath(Comments).UsingGet()).RespondWith(Json("""{"message": "Not Found"}""").WithStatusCode(404));

        var error = await Assert.ThrowsAsync<ReportPublishException>(() => Publisher().PublishAsync("body", TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("acme/model#7 was not found"));
    }

    [Test]
    public async Task Should_RetryWithBackoff_GivenServerErrors()
    {
        host.Server.Given(Request.Create().WithPath(Comments).UsingGet()).InScenario("flaky").WillSetStateTo("once").AtPriority(3)
            .RespondWith(Response.Create().WithStatusCode(502));
        host.Server.Given(Request.Create().WithPath(Comments).UsingGet()).InScenario("flaky").WhenStateIs("once").WillSetStateTo("twice").AtPriority(2)
            .RespondWith(Response.Create().WithStatusCode(503));
        host.Server.Given(Request.Create().WithPath(Comments).UsingGet()).InScenario("flaky").WhenStateIs("twice").AtPriority(1).RespondWith(Json("[]"));
        host.Server.Given(Request.Create().WithPath(Comments).UsingPost()).RespondWith(Json(Comment(1, "x")).WithStatusCode(201));

        await Publisher().PublishAsync("body", TestContext.CurrentContext.CancellationToken);

        Assert.That(host.Requests("GET", Comments), Has.Count.EqualTo(3));
        Assert.That(host.Requests("POST", Comments), Has.Count.EqualTo(1));
    }

    private GitHubCommentPublisher Publisher() =>
        new(GitHubCommentPublisher.Client(host.Url, Token), "acme", "model", 7, TimeSpan.FromMilliseconds(10));

    private static IResponseBuilder Json(string body) => Response.Create().WithHeader("Content-Type", "application/json").WithBody(body);

    private static string Comment(long id, string body) =>
        $$"""{"id": {{id}}, "body": {{System.Text.Json.JsonSerializer.Serialize(body)}}, "html_url": "https://github.example/acme/model/pull/7#issuecomment-{{id}}"}""";
}
