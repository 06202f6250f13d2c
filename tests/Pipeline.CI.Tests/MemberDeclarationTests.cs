using Pipeline.Build;
using Pipeline.CI.Declaration;

namespace Pipeline.CI.Tests;

[Category("Unit")]
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class MemberDeclarationTests
{
    [Test]
    public void Should_NameTheJobAfterTheTargetMember_AndDeclareTheSecretFromItsParameter()
    {
        var pipeline = new CiPipeline().Job<PublishingBuild>(x => x.Publish, job => job.WithSecret<PublishingBuild>(x => x.DashboardToken));

        Assert.That(pipeline.Jobs.Single().Target, Is.EqualTo("Publish"));
        Assert.That(pipeline.Jobs.Single().Secrets, Is.EqualTo(new[] { "PIPELINE_DASHBOARD_TOKEN" }));
        Assert.That(pipeline.Secrets, Is.EqualTo(new[] { new CiSecret("PIPELINE_DASHBOARD_TOKEN", "Token of the results dashboard") }));
    }

    [Test]
    public void Should_UseTheParametersOwnVariable_GivenItNamesOne()
    {
        var pipeline = new CiPipeline().Secret<PublishingBuild>(x => x.GithubToken);

        Assert.That(pipeline.Secrets.Single().Name, Is.EqualTo("GITHUB_TOKEN"));
    }

    [Test]
    public void Should_Refuse_GivenAParameterThatIsNotSecret()
    {
        var error = Assert.Throws<CiDeclarationException>(() => new CiJob("Publish").WithSecret<PublishingBuild>(x => x.Channel));

        Assert.That(error!.Message, Does.Contain("Channel is not marked [Secret]"));
    }

    private sealed class PublishingBuild : PipelineBuild
    {
        [Parameter("Token of the results dashboard"), Secret] public readonly string? DashboardToken;
        [Parameter("GitHub token", EnvironmentVariable = "GITHUB_TOKEN"), Secret] public readonly string? GithubToken;
        [Parameter("Release channel")] public readonly string Channel = "stable";

        public Target Publish => _ => _.Executes(() => { });
    }
}
