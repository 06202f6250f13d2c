using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Tests.Shared;
using Pipeline.Components.Kubernetes;

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
        var withClusters = await Sandbox.RunAsync(new ClusterDeployBuild(), "--help");

        Assert.That(run.Output, Does.Contain("Deploy").And.Contain("depends on Push").And.Contain("--environment <deploy-environment>"));
        Assert.That(run.Output, Does.Not.Contain("--gitops-").And.Not.Contain("--kubeconfig").And.Not.Contain("--gke-cluster").And.Not.Contain("--no-rollback")
            .And.Not.Contain("--aws-role-arn").And.Not.Contain("--azure-client-id").And.Not.Contain("--google-workload-identity-provider"),
            "a local-only build lists no GitOps, cluster or cloud parameter");
        Assert.That(withClusters.Output, Does.Contain("--gitops-repository").And.Contain("--kubeconfig").And.Contain("--cluster <cluster-address>").And.Contain("--aws-role-arn"), "IKubernetesDeploy brings its own, and the clouds' sign-in");
    }

    [Test]
    public async Task Should_PackageAModelTrainedElsewhere_GivenModel()
    {
        var build = new DeployBuild();

        var run = await Sandbox.RunAsync(build, "--help", "--model", Sandbox.PathOf("downloaded/iris"));

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        var container = ((Pipeline.Components.Containers.IContainerize)build).ContainerSettings;
        Assert.That(container.ModelDirectory, Is.EqualTo("downloaded/iris"), "relative to the repository, as Train's own output is");
        Assert.That(container.Inputs(Sandbox.Root), Does.Contain("downloaded/iris"), "Containerize is rebuilt when that model changes");
    }

    [Test]
    public async Task Should_GroupParametersUnderTheComponentThatDeclaresThem_GivenHelp()
    {
        var run = await Sandbox.RunAsync(new ClusterDeployBuild(), "--help");

        Assert.That(run.Output, Does.Match(@"\n IDeploy:\n(  .*\n)*?  --environment ").And.Match(@"\n IKubernetesDeploy:\n(  .*\n)*?  --kubeconfig ")
            .And.Match(@"\n ICloudSignIn:\n(  .*\n)*?  --aws-role-arn ").And.Match(@"\n IContainerize:\n(  .*\n)*?  --registry "));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(run.Output, @"\n IDeploy:").Count, Is.EqualTo(1), "each component's parameters together, under one heading");
    }

    [Test]
    public async Task Should_NameTheKubernetesPackage_GivenAClusterDeployWithoutIt()
    {
        Sandbox.Write("artifacts/image-digest.txt", "sha256:" + new string('a', 64));

        var run = await Sandbox.RunAsync(new DeployBuild(), "Deploy", "--skip", "--environment", "kubernetes");
        var unknown = await Sandbox.RunAsync(new DeployBuild(), "Deploy", "--skip", "--environment", "compose");

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Output, Does.Contain("--environment kubernetes needs the cluster back-end: reference the package Pipeline.Components.Kubernetes and add IKubernetesDeploy"));
        Assert.That(unknown.Output, Does.Contain("--environment compose: no deploy back-end has that name; this build has local"));
    }

    [TestCase("--cluster", "eks:nowhere", "Parameter --cluster (from --cluster) expects gke:projects/P/locations/L/clusters/C, eks:REGION/NAME or aks:SUBSCRIPTION/RESOURCE-GROUP/NAME, got 'eks:nowhere'.")]
    [TestCase("--rollout-timeout", "5x", "Parameter --rollout-timeout (from --rollout-timeout) expects a duration such as 90s, 5m, 1h30m or 250ms, got '5x'.")]
    public async Task Should_StopAtStartUp_WithTheExpectedForm_GivenAMalformedDeployParameter(string parameter, string value, string expected)
    {
        Sandbox.Write("artifacts/image-digest.txt", "sha256:" + new string('a', 64)); // Deploy would otherwise fail for that, later

        var run = await Sandbox.RunAsync(new ClusterDeployBuild(), "Deploy", "--skip", parameter, value);

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

    private sealed class ClusterDeployBuild : PipelineBuild, IKubernetesDeploy;
}
