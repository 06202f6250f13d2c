using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>--environment names a back-end: case does not matter, a name that cannot be one stops the build at start-up.</summary>
[CancelAfter(30_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class DeployEnvironmentTests : SandboxTests
{
    [Test]
    public void Should_ReadNamesWhateverTheirCase_AndTakeTheDefaultForLocal()
    {
        Assert.That(DeployEnvironment.Parse("Kubernetes", null), Is.EqualTo(DeployEnvironment.Kubernetes));
        Assert.That(DeployEnvironment.Parse("folder", null).Name, Is.EqualTo("folder"));
        Assert.That(default(DeployEnvironment), Is.EqualTo(DeployEnvironment.Local));
        Assert.That(DeployEnvironment.TryParse("eks:nowhere", null, out _), Is.False);
        Assert.That(() => new DeployEnvironment("Not a name"), Throws.InstanceOf<FormatException>().With.Message.Contains("lower-case letters, digits and '-'"));
    }

    [Test]
    public async Task Should_StopAtStartUp_GivenAnEnvironmentThatCannotNameABackend()
    {
        var run = await Sandbox.RunAsync(new LocalBuild(), "Deploy", "--skip", "--environment", "two words");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.Output);
        Assert.That(run.Output, Does.Contain("--environment").And.Contain("is not a back-end name").And.Not.Contain("▶ Deploy"));
    }

    private sealed class LocalBuild : PipelineBuild, IDeploy;
}
