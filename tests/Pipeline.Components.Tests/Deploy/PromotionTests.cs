using System.Text.Json;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>
/// Two declared environments on the fake cluster, test and production (two namespaces, production gated): a version
/// goes to test, then Promote moves exactly that digest to production without building or pushing; a worse
/// retrain reaches test but is refused for production; Status shows both side by side.
/// </summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class PromotionTests : SandboxTests
{
    private const string SecondDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private FakeKubernetes cluster = null!;
    private string[] clusterArguments = null!;

    [SetUp]
    public async Task Start()
    {
        cluster = await FakeKubernetes.StartAsync();
        Sandbox.Write("kubeconfig", cluster.Kubeconfig("fake-token"));
        clusterArguments = ["--kubeconfig", Sandbox.PathOf("kubeconfig"), "--rollout-timeout", "5"];
    }

    [TearDown]
    public async Task Stop() => await cluster.DisposeAsync();

    internal override void Prepare(BuildSandbox emptySandbox)
    {
        GitOpsSandbox.Prepare(emptySandbox);
        emptySandbox.Write("kubernetes/overlays/production/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: model-serving\nspec:\n  replicas: 3\n");
    }

    [Test]
    public async Task Should_PromoteTheDigestThatRunsInTest_ThenRefuseAWorseOneForProduction_AndShowBoth()
    {
        var toTest = await Sandbox.RunAsync(new TwoEnvironmentBuild(), ["Deploy", "--skip", .. clusterArguments]);
        var promoted = await Sandbox.RunAsync(new TwoEnvironmentBuild(), ["Promote", "--promote-from", "test", "--environment-name", "production", .. clusterArguments]);
        Sandbox.Write("artifacts/image-digest.txt", $"{SecondDigest}\nsha256:309d83e94c4d\n");
        Sandbox.Write("artifacts/metrics.json", JsonSerializer.Serialize(new { accuracy = 0.91 }));
        var worseToTest = await Sandbox.RunAsync(new TwoEnvironmentBuild(), ["Deploy", "--skip", "--environment-name", "test", .. clusterArguments]);
        var refused = await Sandbox.RunAsync(new TwoEnvironmentBuild(), ["Promote", "--promote-from", "test", "--environment-name", "production", .. clusterArguments]);
        var status = await Sandbox.RunAsync(new TwoEnvironmentBuild(), ["Status", .. clusterArguments]);

        Assert.That(toTest.ExitCode, Is.Zero, toTest.Output);
        Assert.That(toTest.Output, Does.Contain("Deploy: deployed to test to namespace test"));
        Assert.That(promoted.ExitCode, Is.Zero, promoted.Output);
        Assert.That(promoted.Output, Does.Contain("Promoting 127.0.0.1:5000/pipeline/model-serving@" + GitOpsSandbox.Digest).And.Contain("Promote: deployed to production to namespace prod"));
        Assert.That(promoted.Output, Does.Not.Contain("▶ Push").And.Not.Contain("▶ Containerize"), "no build, no push");
        Assert.That(RunningImage("prod"), Does.EndWith("@" + GitOpsSandbox.Digest));
        Assert.That(Record("prod")!.Metrics["accuracy"], Is.EqualTo(0.95), "the promoted version brings the metrics it was judged by in test");
        Assert.That(cluster.Stored("deployments", "prod", "model-serving")!["spec"]!["replicas"]!.GetValue<long>(), Is.EqualTo(3), "production's overlay");
        Assert.That(cluster.Stored("deployments", "test", "model-serving")!["spec"]!["replicas"], Is.Null, "test has no overlay");
        Assert.That(worseToTest.ExitCode, Is.Zero, worseToTest.Output);
        Assert.That(RunningImage("test"), Does.EndWith("@" + SecondDigest));
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.Output);
        Assert.That(refused.Output, Does.Contain("The deploy gate refuses").And.Contain("FAIL: 0.04 worse than the champion"));
        Assert.That(RunningImage("prod"), Does.EndWith("@" + GitOpsSandbox.Digest), "production keeps the better model");
        Assert.That(status.ExitCode, Is.Zero, status.Output);
        Assert.That(status.Output, Does.Contain("test: 127.0.0.1:5000/pipeline/model-serving@" + SecondDigest).And.Contain("production: 127.0.0.1:5000/pipeline/model-serving@" + GitOpsSandbox.Digest));
    }

    [Test]
    public async Task Should_NameTheDeclaredEnvironments_GivenAnUnknownOneOrNothingToPromote()
    {
        var unknown = await Sandbox.RunAsync(new TwoEnvironmentBuild(), ["Deploy", "--skip", "--environment-name", "staging", .. clusterArguments]);
        var empty = await Sandbox.RunAsync(new TwoEnvironmentBuild(), ["Promote", "--promote-from", "test", "--environment-name", "production", .. clusterArguments]);
        var same = await Sandbox.RunAsync(new TwoEnvironmentBuild(), ["Promote", "--promote-from", "production", "--environment-name", "production", .. clusterArguments]);

        Assert.That(unknown.ExitCode, Is.EqualTo(1));
        Assert.That(unknown.Output, Does.Contain("--environment-name staging is not an environment of this build: it declares test, production"));
        Assert.That(empty.ExitCode, Is.EqualTo(1));
        Assert.That(empty.Output, Does.Contain("Nothing is recorded in test: deploy there first"));
        Assert.That(same.Output, Does.Contain("is also the environment to promote to"));
    }

    [Test]
    public async Task Should_PromoteAcrossClusters_GivenEachEnvironmentItsOwnKubeContext()
    {
        await using var production = await FakeKubernetes.StartAsync();
        Sandbox.Write("two-clusters", TwoContexts(cluster.Url, production.Url));
        string[] arguments = ["--kubeconfig", Sandbox.PathOf("two-clusters"), "--rollout-timeout", "5"];

        var toTest = await Sandbox.RunAsync(new TwoClusterBuild(), ["Deploy", "--skip", .. arguments]);
        var promoted = await Sandbox.RunAsync(new TwoClusterBuild(), ["Promote", "--promote-from", "test", "--environment-name", "production", .. arguments]);

        Assert.That(toTest.ExitCode, Is.Zero, toTest.Output);
        Assert.That(promoted.ExitCode, Is.Zero, promoted.Output);
        Assert.That(RunningImage("models"), Does.EndWith("@" + GitOpsSandbox.Digest), "test's cluster");
        Assert.That(production.Stored("deployments", "models", "model-serving")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>(),
            Does.EndWith("@" + GitOpsSandbox.Digest), "production's cluster runs the digest test runs");
        Assert.That(production.Stored("deployments", "models", "model-serving")!["spec"]!["replicas"]!.GetValue<long>(), Is.EqualTo(3), "production's overlay");
        Assert.That(cluster.Stored("deployments", "models", "model-serving")!["spec"]!["replicas"], Is.Null, "production's overlay went to production's cluster only");
    }

    [Test]
    public async Task Should_ShowTheEnvironmentsItCanRead_AndNameTheOneItCannot()
    {
        Sandbox.Write("one-cluster-gone", TwoContexts(cluster.Url, $"https://127.0.0.1:{LoopbackPort.Free()}"));
        string[] arguments = ["--kubeconfig", Sandbox.PathOf("one-cluster-gone"), "--rollout-timeout", "5"];
        await Sandbox.RunAsync(new TwoClusterBuild(), ["Deploy", "--skip", .. arguments]);

        var status = await Sandbox.RunAsync(new TwoClusterBuild(), ["Status", .. arguments]);

        Assert.That(status.ExitCode, Is.EqualTo(1), status.Output);
        Assert.That(status.Output, Does.Match(@"\n  test +ff1c956255e1 +sha256:"), "the reachable environment is shown");
        Assert.That(status.Output, Does.Match(@"\n  production +could not be read").And.Contain("production: could not be read: The cluster is unreachable"));
        Assert.That(status.Output, Does.Contain("Status could not read what runs in production"));
    }

    /// <summary>A kubeconfig with the contexts test and production, on two API servers.</summary>
    private static string TwoContexts(string testServer, string productionServer) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: test-cluster
          cluster:
            server: {testServer}
        - name: production-cluster
          cluster:
            server: {productionServer}
        users:
        - name: ci
          user:
            token: fake-token
        contexts:
        - name: test
          context:
            cluster: test-cluster
            user: ci
        - name: production
          context:
            cluster: production-cluster
            user: ci
        current-context: test
        """;

    private DeployRecord? Record(string ns) =>
        DeployRecord.FromJson(cluster.Stored("secrets", ns, "pipeline-model-serving")?["metadata"]?["annotations"]?["pipeline/deploy-record"]?.GetValue<string>());

    private string RunningImage(string ns) => cluster.Stored("deployments", ns, "model-serving")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    private sealed class TwoClusterBuild : PipelineBuild, IKubernetesDeploy
    {
        IReadOnlyList<DeployStage> IDeploy.Stages =>
        [
            new("test") { Environment = DeployEnvironment.Kubernetes, Settings = settings => settings with { Namespace = "models", KubeContext = "test" } },
            new("production") { Environment = DeployEnvironment.Kubernetes, Settings = settings => settings with { Namespace = "models", KubeContext = "production" } },
        ];
    }

    private sealed class TwoEnvironmentBuild : PipelineBuild, IKubernetesDeploy
    {
        IReadOnlyList<DeployStage> IDeploy.Stages =>
        [
            new("test") { Environment = DeployEnvironment.Kubernetes, Settings = settings => settings with { Namespace = "test" } },
            new("production")
            {
                Environment = DeployEnvironment.Kubernetes,
                Settings = settings => settings with { Namespace = "prod", Gate = [GateRule.Higher("accuracy") with { Floor = 0.9, MaxRegression = 0.005 }] },
            },
        ];
    }
}
