using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
using Pipeline.Components.Report;
using Pipeline.Components.Tests.Deploy;
using Pipeline.Tests.Shared;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Report;

/// <summary>
/// Report shows on the pull request what production's gate would decide for this change's model: judged against the
/// record of what production runs, or on the floors alone, saying why, when that record cannot be read.
/// </summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ReportGatePreviewTests : SandboxTests
{
    internal override void Prepare(BuildSandbox emptySandbox)
    {
        emptySandbox.Write("params.yaml", "train:\n  seed: 42\n");
        emptySandbox.Write("artifacts/metrics.json", """{"accuracy": 0.93}""");
    }

    [Test]
    public async Task Should_ShowProductionsRefusal_AgainstTheModelProductionRuns()
    {
        Sandbox.Write($"{BuildLayout.ContainersDirectory}/deploy/production/{LocalDeployer.RecordFile}", GitOpsSandbox.Champion.ToJson());

        var run = await Sandbox.RunAsync(new GatedReportBuild(), "Report", "--skip");

        var markdown = Sandbox.Read("artifacts/report/report.md");
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(markdown, Does.Contain("### Deploy gate: production"));
        Assert.That(markdown, Does.Contain("❌ production's deploy gate would refuse this model over what runs there (0123456789ab, deployed 2026-12-01 10:00 UTC)"));
        Assert.That(markdown, Does.Contain("| accuracy | 0.97 | 0.93 | ≥ 0.9, at most 0.005 worse | FAIL: 0.04 worse than the champion |"));
        Assert.That(Sandbox.Read("artifacts/report/report.html"), Does.Contain("<h2>Deploy gate: production</h2>").And.Contain("<td>FAIL: 0.04 worse than the champion</td>"));
        Assert.That(run.Output, Does.Contain("production's deploy gate would refuse this model"), "the log says it too");
    }

    [Test]
    public async Task Should_JudgeOnTheFloorsAlone_SayingWhy_GivenNothingRecordedOrAnUnreachableCluster()
    {
        var empty = await Sandbox.RunAsync(new GatedReportBuild(), "Report", "--skip");
        var emptyMarkdown = Sandbox.Read("artifacts/report/report.md");
        Sandbox.Write("kubeconfig", $"apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:{LoopbackPort.Free()}\n    insecure-skip-tls-verify: true\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: t\n");
        var unreachable = await Sandbox.RunAsync(new GatedReportBuild(), "Report", "--skip", "--environment", "kubernetes", "--kubeconfig", Sandbox.PathOf("kubeconfig"));
        var unreachableMarkdown = Sandbox.Read("artifacts/report/report.md");

        Assert.That(empty.ExitCode, Is.Zero, empty.Output);
        Assert.That(emptyMarkdown, Does.Contain("✅ production's deploy gate would take this model (production runs nothing recorded yet: floors alone)"));
        Assert.That(unreachable.ExitCode, Is.Zero, "the report is written even when production cannot be read:\n" + unreachable.Output);
        Assert.That(unreachableMarkdown, Does.Contain("production's deploy gate would take this model on its floors alone (what production runs could not be read: "));
    }

    [Test]
    public async Task Should_LeaveTheGateOut_GivenABuildWithoutOne()
    {
        var run = await Sandbox.RunAsync(new UngatedReportBuild(), "Report", "--skip");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(Sandbox.Read("artifacts/report/report.md"), Does.Not.Contain("Deploy gate"));
    }

    private sealed class GatedReportBuild : PipelineBuild, IReport, IKubernetesDeploy
    {
        IReadOnlyList<DeployStage> IDeploy.Stages =>
        [
            new("test"),
            new("production") { Settings = settings => settings with { LocalPort = settings.LocalPort + 1, Gate = [GateRule.Higher("accuracy") with { Floor = 0.9, MaxRegression = 0.005 }] } },
        ];
    }

    private sealed class UngatedReportBuild : PipelineBuild, IReport, IDeploy;
}
