using Pipeline.Build;
using Pipeline.Components.CodeHost;

namespace Pipeline.Components.Tests.Report;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ReportDestinationTests
{
    [Test]
    public void Should_PostNothing_OutsideAPullOrMergeRequest() =>
        Assert.That(ReportDestination.Detect(Env(("GITHUB_ACTIONS", "true"), ("GITHUB_EVENT_NAME", "push")), "t", "t", null, null, "artifacts/report"), Is.Null);

    [Test]
    public void Should_TakeRepositoryAndNumberFromGitHubActions()
    {
        var destination = ReportDestination.Detect(
            Env(("GITHUB_ACTIONS", "true"), ("GITHUB_EVENT_NAME", "pull_request"), ("GITHUB_REPOSITORY", "acme/model"), ("GITHUB_REF", "refs/pull/17/merge"), ("GITHUB_RUN_ID", "99")),
            "token", null, null, null, "artifacts/report");

        Assert.That(destination!.Description, Is.EqualTo("acme/model#17"));
        Assert.That(destination.Publisher, Is.TypeOf<GitHubCommentPublisher>());
        Assert.That(destination.FullReportHint, Does.EndWith("/acme/model/actions/runs/99"));
        Assert.That(destination.ImageUrl("plot.png"), Is.Null);
    }

    [Test]
    public void Should_PreferParameters_OverTheCiEnvironment()
    {
        var destination = ReportDestination.Detect(
            Env(("CI_MERGE_REQUEST_IID", "3"), ("CI_PROJECT_ID", "42"), ("CI_PROJECT_URL", "https://gitlab.example/g/p"), ("CI_JOB_ID", "8")),
            null, "token", "g/other", 5, "artifacts/report");

        Assert.That(destination!.Description, Is.EqualTo("merge request !5 of g/other"));
        Assert.That(destination.ImageUrl("plot.png"), Is.EqualTo("https://gitlab.example/g/p/-/jobs/8/artifacts/raw/artifacts/report/plot.png"));
    }

    [Test]
    public void Should_NameTheVariable_GivenNoToken()
    {
        var error = Assert.Throws<ReportPublishException>(() => ReportDestination.Detect(Env(("CI_MERGE_REQUEST_IID", "3"), ("CI_PROJECT_ID", "42")), null, null, null, null, "r"));

        Assert.That(error!.Message, Does.Contain("GITLAB_TOKEN is not set"));
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
