using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Deploy;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class DeployTargetTests : SandboxTests
{
    [Test]
    public async Task Should_SayPushDidNotRun_GivenNoRecordedDigest()
    {
        var run = await Sandbox.RunAsync(new DeployBuild(), "Deploy", "--skip");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("The image digest is missing (artifacts/image-digest.txt): Push did not run"));
    }

    [Test]
    public async Task Should_ListDeployAndItsParameters_GivenHelp()
    {
        var run = await Sandbox.RunAsync(new DeployBuild(), "--help");

        Assert.That(run.Output, Does.Contain("Deploy").And.Contain("depends on Push").And.Contain("--environment <local|kubernetes|gitops>").And.Contain("--gke-cluster"));
    }

    [Test]
    public async Task Should_NameTheKubernetesPackage_GivenAClusterDeployWithoutIt()
    {
        var error = await Assert.ThrowsAsync<BuildConfigurationException>(() => ((IDeploy)new DeployBuild()).DeployToClusterAsync("kind: Deployment\n", TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("Pipeline.Components.Kubernetes").And.Contain("IKubernetesDeploy"));
    }

    private sealed class DeployBuild : PipelineBuild, IDeploy;
}
