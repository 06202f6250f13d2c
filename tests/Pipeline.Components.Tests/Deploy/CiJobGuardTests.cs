using Pipeline.Build;
using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>
/// Generated CI's push and deploy jobs without their CI variables would push to the runner's own loopback registry and
/// start the model on the runner: both refused at once, naming the variable.
/// </summary>
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class CiJobGuardTests : SandboxTests
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

    [Test]
    public async Task Should_RefuseToDeployOnTheRunner_GivenACiJobWithoutAnEnvironmentVariable()
    {
        Sandbox.Environment["CI_JOB_ID"] = "1234";

        var run = await Sandbox.RunAsync(new DeployBuild(), "Deploy", "--skip", "Restore", "Train", "Containerize", "Push");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Output, Does.Contain("Deploy runs in a CI job with the default environment, local").And.Contain("PIPELINE_ENVIRONMENT"));
    }

    [Test]
    public async Task Should_GoOnToTheDeploy_GivenACiJobThatAsksForALocalDeploy()
    {
        Sandbox.Environment["CI_JOB_ID"] = "1234";
        Sandbox.Environment["PIPELINE_ENVIRONMENT"] = "local";

        var run = await Sandbox.RunAsync(new DeployBuild(), "Deploy", "--skip", "Restore", "Train", "Containerize", "Push");

        Assert.That(run.Output, Does.Not.Contain("Deploy runs in a CI job"));
        Assert.That(run.Output, Does.Contain("The image digest is missing"), "it went on to read what Push recorded");
    }

    private sealed class PushBuild : PipelineBuild, IPush;

    private sealed class DeployBuild : PipelineBuild, Pipeline.Components.Deploy.IDeploy;
}
