using System.Text.Json;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
using Pipeline.Components.Tests.Report;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>
/// Only a model at least as good as the one running ships: Deploy to the fake cluster reads the champion from the
/// record the last deploy left on the ApplySet parent, refuses a worse challenger with the table before anything
/// changes, ships it with --accept-worse (the reason recorded and told), and Status prints what runs.
/// </summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class GatedClusterDeployTests : SandboxTests
{
    private const string SecondDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private FakeKubernetes cluster = null!;
    private FakeHost slack = null!;
    private string[] deploy = null!;

    [SetUp]
    public async Task Start()
    {
        cluster = await FakeKubernetes.StartAsync();
        slack = new FakeHost();
        slack.Server.Given(Request.Create().WithPath("/services/T1/B2/hook").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        Sandbox.Write("kubeconfig", cluster.Kubeconfig("fake-token"));
        deploy = ["Deploy", "--skip", "--environment", "kubernetes", "--kubeconfig", Sandbox.PathOf("kubeconfig"), "--namespace", "models", "--rollout-timeout", "5"];
    }

    [TearDown]
    public async Task Stop()
    {
        slack.Dispose();
        await cluster.DisposeAsync();
    }

    internal override void Prepare(BuildSandbox emptySandbox) => GitOpsSandbox.Prepare(emptySandbox);

    [Test]
    public async Task Should_RefuseAWorseModel_WithTheTable_ThenShipItWithAReason_AndShowItInStatus()
    {
        var first = await Sandbox.RunAsync(new GatedBuild(), deploy);
        var recorded = RecordOnCluster();
        SecondModel(accuracy: 0.93);
        var refused = await Sandbox.RunAsync(new GatedBuild(), deploy);
        var imageAfterRefusal = RunningImage();
        var accepted = await Sandbox.RunAsync(new GatedBuild(), [.. deploy, "--accept-worse", "the old model leaks a feature we must drop", "--slack-webhook", $"http://127.0.0.1:{slack.Url.Port}/services/T1/B2/hook"]);
        var status = await Sandbox.RunAsync(new GatedBuild(), "Status", "--environment", "kubernetes", "--kubeconfig", Sandbox.PathOf("kubeconfig"), "--namespace", "models");

        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(first.Output, Does.Contain("The deploy gate passes ff1c956255e1").And.Contain("champion (none yet)"));
        Assert.That(recorded!.Image, Does.EndWith("@" + GitOpsSandbox.Digest));
        Assert.That(recorded.Metrics["accuracy"], Is.EqualTo(0.95));
        Assert.That(refused.ExitCode, Is.EqualTo(1), refused.Output);
        Assert.That(refused.Output, Does.Contain("The deploy gate refuses").And.Contain("champion (ff1c956255e1)").And.Contain("FAIL: 0.02 worse than the champion").And.Contain("--accept-worse"));
        Assert.That(imageAfterRefusal, Does.EndWith("@" + GitOpsSandbox.Digest), "nothing changed on a refusal");
        Assert.That(accepted.ExitCode, Is.Zero, accepted.Output);
        Assert.That(RunningImage(), Does.EndWith("@" + SecondDigest));
        Assert.That(RecordOnCluster()!.AcceptedWorse, Is.EqualTo("the old model leaks a feature we must drop"));
        var posted = slack.Requests("POST", "/services/T1/B2/hook").Select(entry => entry.RequestMessage!.Body!).ToList();
        Assert.That(posted, Has.Some.Contains("Accepted worse").And.Some.Contains("the old model leaks a feature we must drop"));
        Assert.That(status.ExitCode, Is.Zero, status.Output);
        Assert.That(status.Output, Does.Contain("@" + SecondDigest).And.Contain("accuracy 0.93").And.Contain("accepted although the gate refused it: the old model leaks a feature we must drop"));
    }

    [Test]
    public async Task Should_KeepTheChampionsRecord_WhenTheChallengersRolloutFails()
    {
        await Sandbox.RunAsync(new GatedBuild(), deploy);
        SecondModel(accuracy: 0.99);
        cluster.Problem = FakeKubernetes.PodProblem.ImagePullBackOff;

        var failed = await Sandbox.RunAsync(new GatedBuild(), deploy);

        Assert.That(failed.ExitCode, Is.EqualTo(1), failed.Output);
        Assert.That(RecordOnCluster()!.Image, Does.EndWith("@" + GitOpsSandbox.Digest), "what runs after the rollback is still the champion");
    }

    /// <summary>A retrained model pushed as another digest, with other metrics.</summary>
    private void SecondModel(double accuracy)
    {
        Sandbox.Write("artifacts/image-digest.txt", $"{SecondDigest}\nsha256:309d83e94c4d\n");
        Sandbox.Write("artifacts/metrics.json", JsonSerializer.Serialize(new { accuracy }));
    }

    private DeployRecord? RecordOnCluster() =>
        DeployRecord.FromJson(cluster.Stored("secrets", "models", "pipeline-model-serving")?["metadata"]?["annotations"]?["pipeline/deploy-record"]?.GetValue<string>());

    private string RunningImage() => cluster.Stored("deployments", "models", "model-serving")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();

    private sealed class GatedBuild : PipelineBuild, IKubernetesDeploy
    {
        DeploySettings IDeploy.ConfigureDeploy(DeploySettings settings) => settings with
        {
            Gate = [GateRule.Higher("accuracy") with { Floor = 0.9, MaxRegression = 0.005 }],
        };
    }
}
