using Pipeline.Build;
using Pipeline.Components.Report;
using Pipeline.Components.CodeHost;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pipeline.Components.Tests.Report;

/// <summary>The sticky note against a fake GitLab REST API v4.</summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class GitLabNotePublisherTests
{
    private const string Token = "glpat-fake-token-value";
    private const string Notes = "/api/v4/projects/42/merge_requests/7/notes";
    private FakeHost host = null!;

    [SetUp]
    public void Start() => host = new FakeHost();

    [TearDown]
    public void Stop() => host.Dispose();

    [Test]
    public async Task Should_CreateTheNoteFirst_ThenUpdateThatSameNote()
    {
        host.Server.Given(Request.Create().WithPath(Notes).UsingGet()).AtPriority(5).RespondWith(Json("[]"));
        host.Server.Given(Request.Create().WithPath(Notes).UsingPost()).InScenario("sticky").WillSetStateTo("created")
            .RespondWith(Json(Note(5, ReportContent.Marker)).WithStatusCode(201));
        host.Server.Given(Request.Create().WithPath(Notes).UsingGet()).InScenario("sticky").WhenStateIs("created").AtPriority(1)
            .RespondWith(Json($"[{Note(3, "LGTM")}, {Note(5, ReportContent.Marker)}]"));
        host.Server.Given(Request.Create().WithPath(Notes + "/5").UsingPut()).RespondWith(Json(Note(5, ReportContent.Marker)));

        await Publisher().PublishAsync(ReportContent.Marker + " first", TestContext.CurrentContext.CancellationToken);
        await Publisher().PublishAsync(ReportContent.Marker + " second", TestContext.CurrentContext.CancellationToken);

        Assert.That(host.Requests("POST", Notes), Has.Count.EqualTo(1));
        Assert.That(host.Requests("PUT", Notes + "/5"), Has.Count.EqualTo(1));
        Assert.That(host.Requests("PUT", Notes + "/5")[0].RequestMessage!.Body, Does.Contain("second"));
        Assert.That(host.Requests("PUT", Notes + "/3"), Is.Empty);
        Assert.That(host.Server.LogEntries.All(e => e.RequestMessage!.Headers!["PRIVATE-TOKEN"].Single() == Token), Is.True);
    }

    [Test]
    public async Task Should_FollowXNextPage_ToFindTheMarkedNote()
    {
        host.Server.Given(Request.Create().WithPath(Notes).WithParam("page", "1").UsingGet()).RespondWith(Json($"[{Note(3, "unrelated")}]").WithHeader("X-Next-Page", "2"));
        host.Server.Given(Request.Create().WithPath(Notes).WithParam("page", "2").UsingGet()).RespondWith(Json($"[{Note(9, ReportContent.Marker)}]").WithHeader("X-Next-Page", ""));
        host.Server.Given(Request.Create().WithPath(Notes + "/9").UsingPut()).RespondWith(Json(Note(9, "x")));

        await Publisher().PublishAsync(ReportContent.Marker + " new", TestContext.CurrentContext.CancellationToken);

        Assert.That(host.Requests("PUT", Notes + "/9"), Has.Count.EqualTo(1));
        Assert.That(host.Requests("POST", Notes), Is.Empty);
    }

    [Test]
    public async Task Should_ExplainTheMissingPermission_GivenForbidden()
    {
        host.Server.Given(Request.Create().WithPath(Notes).UsingGet()).RespondWith(Json("[]"));
        host.Server.Given(Request.Create().WithPath(Notes).UsingPost()).RespondWith(Json("""{"message": "403 Forbidden"}""").WithStatusCode(403));

        var error = await Assert.ThrowsAsync<ReportPublishException>(() => Publisher().PublishAsync("body", TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("(403)").And.Contain("api scope").And.Not.Contain(Token));
    }

    [Test]
    public async Task Should_RetryWithBackoff_GivenServerErrors_ThenGiveUpClearly()
    {
        host.Server.Given(Request.Create().WithPath(Notes).UsingGet()).RespondWith(Response.Create().WithStatusCode(500));

        var error = await Assert.ThrowsAsync<ReportPublishException>(() => Publisher().PublishAsync("body", TestContext.CurrentContext.CancellationToken));

        Assert.That(host.Requests("GET", Notes), Has.Count.EqualTo(4));
        Assert.That(error!.Message, Does.Contain("kept failing (500) after 3 retries"));
    }

    private GitLabNotePublisher Publisher() => new(new HttpClient(), new Uri(host.Url, "api/v4"), "42", 7, Token, TimeSpan.FromMilliseconds(10));

    private static IResponseBuilder Json(string body) => Response.Create().WithHeader("Content-Type", "application/json").WithBody(body);

    private static string Note(long id, string body) => $$"""{"id": {{id}}, "body": {{System.Text.Json.JsonSerializer.Serialize(body)}}}""";
}
