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
        var error = await Assert.ThrowsAsync<BuildConfigurationException>(() => ((IDeploy)new DeployBuild()).DeployToClusterAsync("kind: Deployment\n", new Pipeline.Components.Deploy.Gating.DeployRecord("registry/model@sha256:0", "abc", new Dictionary<string, double>(), DateTimeOffset.UnixEpoch, "t@h"), TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("Pipeline.Components.Kubernetes").And.Contain("IKubernetesDeploy"));
    }

    [TestCase("--cluster", "eks:nowhere", "Parameter --cluster (from --cluster) expects gke:projects/P/locations/L/clusters/C, eks:REGION/NAME or aks:SUBSCRIPTION/RESOURCE-GROUP/NAME, got 'eks:nowhere'.")]
    [TestCase("--rollout-timeout", "5x", "Parameter --rollout-timeout (from --rollout-timeout) expects a duration such as 90s, 5m, 1h30m or 250ms, got '5x'.")]
    public async Task Should_StopAtStartUp_WithTheExpectedForm_GivenAMalformedDeployParameter(string parameter, string value, string expected)
    {
        Sandbox.Write("artifacts/image-digest.txt", "sha256:" + new string('a', 64)); // Deploy would otherwise fail for that, later

        var run = await Sandbox.RunAsync(new DeployBuild(), "Deploy", "--skip", parameter, value);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.Output);
        Assert.That(run.Output, Does.Contain(expected).And.Not.Contain("▶ Deploy"));
    }

    [Test]
    public async Task Should_TakeTheRolloutTimeoutAsADuration()
    {
        var build = new DeployBuild();

        var run = await Sandbox.RunAsync(build, "--help", "--rollout-timeout", "2m30s");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(((IDeploy)build).DeploySettings.RolloutTimeout, Is.EqualTo(TimeSpan.FromSeconds(150)));
        Assert.That(run.Output, Does.Contain("--rollout-timeout <duration>"));
    }

    private sealed class DeployBuild : PipelineBuild, IDeploy;
}
