using k8s;
using Pipeline.Tests.Fakes;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Kubernetes.Clusters;
using Pipeline.Tests.Shared;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>Deploy's Kubernetes path against an in-process fake API server on 127.0.0.1 (no kube-apiserver can be installed here).</summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class KubernetesDeployerTests
{
    private const string Image = "europe-west4-docker.pkg.dev/acme/models/iris@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly DeploySettings settings = new() { Container = "model-serving", RolloutTimeout = TimeSpan.FromSeconds(1) };
    private FakeKubernetes cluster = null!;
    private RecordingLog log = null!;

    [SetUp]
    public async Task Start()
    {
        cluster = await FakeKubernetes.StartAsync();
        log = new RecordingLog();
    }

    [TearDown]
    public async Task Stop() => await cluster.DisposeAsync();

    [Test]
    public async Task Should_ApplyServerSide_WaitForTheRollout_AndReportTheLoadBalancerIp()
    {
        cluster.ReadsBeforeExternalIp = 3;

        var (outcome, endpoint, _) = await Deployer().DeployAsync(Render(), settings with { RolloutTimeout = TimeSpan.FromSeconds(5) }, TestContext.CurrentContext.CancellationToken);

        Assert.That(outcome, Is.EqualTo(DeployOutcome.Deployed));
        Assert.That(endpoint, Is.EqualTo("203.0.113.10"));
        var applies = cluster.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.That(applies.Select(r => r.Path), Is.EqualTo(new[]
        {
            "/api/v1/namespaces/default/secrets/pipeline-model-serving", // the ApplySet parent, listing what it will contain
            "/api/v1/namespaces/default/services/model-serving",
            "/apis/apps/v1/namespaces/default/deployments/model-serving",
            "/api/v1/namespaces/default/secrets/pipeline-model-serving", // healthy: the applied hash recorded
        }));
        Assert.That(applies.All(r => r.ContentType!.StartsWith("application/apply-patch+yaml") && r.Query.Contains("fieldManager=pipeline") && r.Query.Contains("force=true")), Is.True);
        Assert.That(log.Lines, Has.Some.Contains("Waiting for the load balancer"));
    }

    [Test]
    public async Task Should_MakeNoWriteRequest_WhenTheSameDigestAlreadyRuns()
    {
        await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);
        var before = cluster.Requests.Count(r => r.Method != "GET");

        var (outcome, _, _) = await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);

        Assert.That(outcome, Is.EqualTo(DeployOutcome.Unchanged));
        Assert.That(cluster.Requests.Count(r => r.Method != "GET"), Is.EqualTo(before));
    }

    [Test]
    public async Task Should_ApplyAgain_WhenTheDigestChanged()
    {
        await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);

        var (outcome, _, _) = await Deployer().DeployAsync(Render(Image.Replace("0123", "4567")), settings, TestContext.CurrentContext.CancellationToken);

        Assert.That(outcome, Is.EqualTo(DeployOutcome.Deployed));
        Assert.That(cluster.Requests.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/deployments/model-serving", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [TestCase(FakeKubernetes.PodProblem.ImagePullBackOff, "ImagePullBackOff: pod model-serving-7d4b9 cannot pull " + Image)]
    [TestCase(FakeKubernetes.PodProblem.CrashLoopBackOff, "Unhandled exception: no trained model in /app/model")]
    [TestCase(FakeKubernetes.PodProblem.Unschedulable, "is not scheduled: 0/3 nodes are available: 3 Insufficient cpu.")]
    [TestCase(FakeKubernetes.PodProblem.NotReady, "runs but fails its readiness probe")]
    public async Task Should_ExplainWhyTheRolloutFailed(FakeKubernetes.PodProblem problem, string expected)
    {
        cluster.Problem = problem;

        var error = await Assert.ThrowsAsync<DeploymentFailedException>(() => Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("did not roll out within 1 s").And.Contain(expected));
    }

    [Test]
    public async Task Should_RollBackToThePreviousImage_WhenTheNewVersionFails()
    {
        await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);
        cluster.Problem = FakeKubernetes.PodProblem.CrashLoopBackOff;

        var error = await Assert.ThrowsAsync<DeploymentFailedException>(() => Deployer().DeployAsync(Render(Image.Replace("0123", "4567")), settings, TestContext.CurrentContext.CancellationToken));
        Assert.That(error!.Outcome, Is.EqualTo(DeployOutcome.RolledBack));

        Assert.That(error!.Message, Does.Contain("CrashLoopBackOff").And.Contain($"Rolled back Deployment model-serving to {Image}"));
        var deploymentPatches = cluster.Requests.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/deployments/model-serving"));
        Assert.That(deploymentPatches, Is.EqualTo(3), "first deploy, failed version, rollback");
        Assert.That(cluster.CurrentImage, Is.EqualTo(Image));
    }

    [Test]
    public async Task Should_KeepTheFailedVersion_GivenNoRollback()
    {
        await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);
        cluster.Problem = FakeKubernetes.PodProblem.CrashLoopBackOff;

        var error = await Assert.ThrowsAsync<DeploymentFailedException>(() => Deployer().DeployAsync(Render(Image.Replace("0123", "4567")), settings, TestContext.CurrentContext.CancellationToken, rollback: false));
        Assert.That(error!.Outcome, Is.EqualTo(DeployOutcome.Failed));

        Assert.That(error!.Message, Does.Not.Contain("Rolled back"));
        Assert.That(cluster.CurrentImage, Is.EqualTo(Image.Replace("0123", "4567")));
    }

    [Test]
    public async Task Should_ShowTheSpecDiffWithoutWriting_GivenDryRun()
    {
        await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);
        var stored = cluster.CurrentImage;

        var report = await Deployer().DryRunAsync(Render(Image.Replace("0123", "4567")), settings, TestContext.CurrentContext.CancellationToken);

        Assert.That(report, Does.Contain("Deployment default/model-serving: would change").And.Contain("-    - image: " + Image).And.Contain("+    - image: " + Image.Replace("0123", "4567")));
        Assert.That(report, Does.Contain("Service default/model-serving: no change"));
        Assert.That(cluster.Requests.Where(r => r.Method == "PATCH").TakeLast(2).All(r => r.Query.Contains("dryRun=All")), Is.True);
        Assert.That(cluster.CurrentImage, Is.EqualTo(stored));
    }

    [Test]
    public async Task Should_NameTheVerbAndResource_GivenForbidden()
    {
        cluster.ForbidWrites = true;

        var error = await Assert.ThrowsAsync<ClusterException>(() => Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("(403): PATCH /api/v1/namespaces/default/secrets/pipeline-model-serving").And.Contain("cannot patch resource \\\"deployments\\\""));
    }

    [Test]
    public async Task Should_SayTheClusterIsUnreachable_GivenNoServer()
    {
        var url = cluster.Url;
        await cluster.DisposeAsync();

        var error = await Assert.ThrowsAsync<ClusterException>(() =>
            new KubernetesDeployer(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = url }), log, TimeSpan.FromMilliseconds(20)).DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("The cluster is unreachable").And.Contain("--environment local"));
        cluster = await FakeKubernetes.StartAsync();
    }

    [Test]
    public async Task Should_ReachTheClusterThroughAKubeconfigFile()
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(kubeconfig, cluster.Kubeconfig("fake-token"));
        try
        {
            using var client = new k8s.Kubernetes(KubernetesConfig.Load(kubeconfig, "fake"));
            var (outcome, _, _) = await new KubernetesDeployer(client, log, TimeSpan.FromMilliseconds(20)).DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);

            Assert.That(outcome, Is.EqualTo(DeployOutcome.Deployed));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Test]
    public void Should_PointToLocal_GivenNoKubeconfig()
    {
        var error = Assert.Throws<ClusterException>(() => KubernetesConfig.Load("/nonexistent/kubeconfig", null));

        Assert.That(error!.Message, Does.Contain("No cluster configured").And.Contain("--environment local"));
    }

    private KubernetesDeployer Deployer() =>
        new(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = cluster.Url }), log, TimeSpan.FromMilliseconds(20));

    private static IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> Render(string image = Image) =>
        ManifestRenderer.Render(Path.Combine(RepositoryRoot.Path, "kubernetes"), new DeploySettings { Container = "model-serving" }, image, "abc123");
}
