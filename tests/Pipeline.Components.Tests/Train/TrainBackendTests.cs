using Pipeline.Build;
using Pipeline.Components.Train;
using Pipeline.Tests.Shared;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Train;

/// <summary>
/// Train back-ends are plug-ins too: a component's own, named on its interface, runs an out-of-date Train with
/// <c>--train-on &lt;name&gt;</c> and the build records its outputs as for a local Train; a name no component brings fails
/// naming what to add.
/// </summary>
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class TrainBackendTests : SandboxTests
{
    internal override void Prepare(BuildSandbox emptySandbox)
    {
        emptySandbox.Write("data/rows.csv", "x\n1\n");
        emptySandbox.Write("params.yaml", "train:\n  epochs: 1\n");
    }

    [Test]
    public async Task Should_TrainThroughTheComponentsBackend_AndRecordItsOutputs()
    {
        var remote = await Sandbox.RunAsync(new RemoteBuild(), "Train", "--skip", "Restore", "--train-on", "remote-box");
        var again = await Sandbox.RunAsync(new RemoteBuild(), "Train", "--skip", "Restore", "--train-on", "remote-box");

        Assert.That(remote.ExitCode, Is.Zero, remote.Output);
        Assert.That(Sandbox.Read("artifacts/model.txt"), Is.EqualTo("trained on remote-box with sh -c train\n"));
        Assert.That(Sandbox.Read("pipeline.lock"), Does.Contain("artifacts/model.txt"));
        Assert.That(again.Output, Does.Match(@"Train\s.*up to date"));
    }

    [Test]
    public async Task Should_NameWhatToAdd_GivenALocationNoComponentBrings()
    {
        var cluster = await Sandbox.RunAsync(new RemoteBuild(), "Train", "--skip", "Restore", "--train-on", "kubernetes");
        var unknown = await Sandbox.RunAsync(new RemoteBuild(), "Train", "--skip", "Restore", "--train-on", "elsewhere");
        var malformed = await Sandbox.RunAsync(new RemoteBuild(), "Train", "--skip", "Restore", "--train-on", "two words");

        Assert.That(cluster.Output, Does.Contain("--train-on kubernetes needs the cluster path: add the package Pipeline.Components.Kubernetes and IClusterTrain"));
        Assert.That(unknown.Output, Does.Contain("--train-on elsewhere: no train back-end has that name; this build has local, remote-box"));
        Assert.That(malformed.ExitCode, Is.EqualTo(2), malformed.Output);
        Assert.That(TrainLocation.Parse("LocalPod", null), Is.EqualTo(TrainLocation.LocalPod), "the enum's old spelling still reads");
        Assert.That(TrainLocation.Parse("local-pod", null), Is.EqualTo(TrainLocation.LocalPod));
    }

    /// <summary>What a component author writes: the interface that brings the back-end.</summary>
    [TrainBackend<RemoteBoxTraining>]
    public interface IRemoteTrain : ITrain;

    /// <summary>Stands in for a training service: runs "there" and writes the outputs back.</summary>
    public sealed class RemoteBoxTraining(IRemoteTrain build) : ITrainBackend
    {
        public TrainLocation Location { get; } = new("remote-box");

        public async Task TrainAsync(TrainSettings settings, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(build.RootDirectory / "artifacts");
            await File.WriteAllTextAsync(build.RootDirectory / settings.Outputs[0], $"trained on {Location} with {string.Join(' ', settings.Command)}\n", cancellationToken);
        }
    }

    private sealed class RemoteBuild : PipelineBuild, IRemoteTrain
    {
        TrainSettings ITrain.ConfigureTrain(TrainSettings settings) => settings with { Outputs = ["artifacts/model.txt"], Command = ["sh", "-c", "train"] };
    }
}
