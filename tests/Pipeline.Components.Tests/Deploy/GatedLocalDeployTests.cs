using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>
/// The local environment keeps its deploy record beside the manifests it plays: the gate reads the champion from it and
/// refuses a worse model before podman is touched; Status prints it.
/// </summary>
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class GatedLocalDeployTests : SandboxTests
{
    internal override void Prepare(BuildSandbox emptySandbox)
    {
        GitOpsSandbox.Prepare(emptySandbox); // manifests, the pushed image's records, metrics with accuracy 0.95
        emptySandbox.Write($"{BuildLayout.ContainersDirectory}/deploy/{LocalDeployer.RecordFile}", GitOpsSandbox.Champion.ToJson());
    }

    [Test]
    public async Task Should_RefuseAWorseModelBeforeAnythingRuns_GivenTheLocalRecord()
    {
        var run = await Sandbox.RunAsync(new GatedBuild(), "Deploy", "--skip");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Output, Does.Contain("The deploy gate refuses ff1c956255e1").And.Contain("(0123456789ab, deployed 2026-12-01 10:00 by alice@laptop)").And.Contain("FAIL: 0.02 worse than the champion"));
        Assert.That(run.Output, Does.Not.Contain("podman"), "refused before the deploy started");
    }

    [Test]
    public async Task Should_PrintWhatRunsLocally_FromItsRecord_OrSayNothingIsRecorded()
    {
        var status = await Sandbox.RunAsync(new GatedBuild(), "Status");
        File.Delete(Sandbox.PathOf($"{BuildLayout.ContainersDirectory}/deploy/{LocalDeployer.RecordFile}"));
        var empty = await Sandbox.RunAsync(new GatedBuild(), "Status");

        Assert.That(status.ExitCode, Is.Zero, status.Output);
        Assert.That(status.Output, Does.Contain("local: " + GitOpsSandbox.Champion.Image));
        Assert.That(status.Output, Does.Match(@"environment +revision +digest +deployed +by +metrics\n  local +0123456789ab +sha256:111111111111 +2026-12-01 10:00 UTC +alice@laptop +accuracy 0\.97\n"), "a row per environment, under a header");
        Assert.That(empty.Output, Does.Match(@"\n  local +nothing recorded"));
    }

    private sealed class GatedBuild : PipelineBuild, IDeploy
    {
        DeploySettings IDeploy.ConfigureDeploy(DeploySettings settings) => settings with
        {
            Gate = [GateRule.Higher("accuracy") with { MaxRegression = 0.005 }],
        };
    }
}
