using Pipeline.Build;
using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Containers;

/// <summary>A push job of generated CI without a registry would push to the runner's own loopback registry: refused, naming the variable.</summary>
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class PushFromCiTests : SandboxTests
{
    [TestCase("CI_JOB_ID", "1234")]
    [TestCase("GITHUB_ACTIONS", "true")]
    public async Task Should_RefuseToPushToTheRunnersLoopbackRegistry_GivenACiJobWithoutARegistry(string variable, string value)
    {
        Sandbox.Environment[variable] = value;

        var run = await Sandbox.RunAsync(new PushBuild(), "Push", "--skip", "Restore", "Train", "Containerize");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Output, Does.Contain("Push runs in a CI job without a registry").And.Contain("PIPELINE_REGISTRY"));
    }

    [Test]
    public async Task Should_GoOnToThePush_GivenACiJobWithARegistryVariable()
    {
        Sandbox.Environment["CI_JOB_ID"] = "1234";
        Sandbox.Environment["PIPELINE_REGISTRY"] = "registry.example.com";

        var run = await Sandbox.RunAsync(new PushBuild(), "Push", "--skip", "Restore", "Train", "Containerize");

        Assert.That(run.Output, Does.Not.Contain("Push runs in a CI job without a registry"));
        Assert.That(run.Output, Does.Contain("No credentials for registry.example.com"), "it went on to the push itself");
    }

    private sealed class PushBuild : PipelineBuild, IPush;
}
