using Pipeline.Build;
using Pipeline.Components.Containers;
using Pipeline.Components.Train;
using Pipeline.Tests.Shared;
using Pipeline.Components.Kubernetes;

namespace Pipeline.IntegrationTests;

/// <summary>
/// <c>--train-on local-pod</c> for real: the training image built by buildah on the offline Python base, pushed to
/// a real registry on 127.0.0.1 and run by podman; inputs and outputs through the store directory. Its
/// pipeline.lock matches a local Train of the same inputs, output for output.
/// </summary>
[NonParallelizable]
[Category("Containers")]
[CancelAfter(900_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class LocalPodTrainingTests
{
    private const string TrainScript = """
        import json, os
        rows = [float(line.split(",")[0]) for line in open("data/rows.csv").read().splitlines()[1:]]
        epochs = int(open("params.yaml").read().split("epochs:")[1].split()[0])
        os.makedirs("artifacts/model", exist_ok=True)
        with open("artifacts/model/weights.txt", "w") as out:
            out.write("mean %.4f over %d rows, %d epochs\n" % (sum(rows) / len(rows), len(rows), epochs))
        with open("artifacts/metrics.json", "w") as out:
            out.write(json.dumps({"rows": len(rows), "epochs": epochs}, sort_keys=True) + "\n")
        print("trained on %d rows" % len(rows))
        """;

    private readonly List<BuildSandbox> sandboxes = [];
    private string registry = null!;

    [OneTimeSetUp]
    public void ChooseRegistry() => registry = $"127.0.0.1:{LoopbackPort.Free()}";

    [OneTimeTearDown]
    public async Task StopAndDelete()
    {
        foreach (var sandbox in sandboxes)
        {
            if (Directory.Exists(sandbox.PathOf("state")))
            {
                var tools = ContainerTools.Existing(sandbox.PathOf("state"), new RecordingLog());
                LocalRegistry.Stop(tools);
                await tools.DeleteStateAsync();
            }

            sandbox.Dispose();
        }
    }

    [Test]
    public async Task Should_TrainInAPodOfThePythonImage_AndLockTheSameOutputsAsALocalTrain()
    {
        var pod = NewSandbox();
        var run = await pod.RunAsync(new LocalPodBuild(registry, pod.PathOf("state")), "Train", "--skip", "Restore", "--train-on", "local-pod");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("trained on 3 rows").And.Contain("a local pod of " + registry + "/pipeline-tests/iris-train@sha256:").And.Contain("Restored 2 output files"));
        Assert.That(pod.Read("artifacts/model/weights.txt"), Is.EqualTo("mean 2.0000 over 3 rows, 2 epochs\n"));

        var local = NewSandbox();
        var localRun = await local.RunAsync(new LocalPodBuild(registry, local.PathOf("state")), "Train", "--skip", "Restore");
        Assert.That(localRun.ExitCode, Is.Zero, localRun.Output);
        Assert.That(LockFileLines.Outputs(pod.Read("pipeline.lock")), Is.EqualTo(LockFileLines.Outputs(local.Read("pipeline.lock"))).And.Count.EqualTo(2));
    }

    private BuildSandbox NewSandbox()
    {
        var sandbox = new BuildSandbox();
        sandboxes.Add(sandbox);
        sandbox.Write("data/rows.csv", "x\n1\n2\n3\n");
        sandbox.Write("params.yaml", "train:\n  epochs: 2\n");
        sandbox.Write("train.py", TrainScript);
        return sandbox;
    }


    private sealed class LocalPodBuild(string registry, string stateDirectory) : PipelineBuild, IClusterTrain
    {
        TrainSettings ITrain.ConfigureTrain(TrainSettings settings) => settings with { Command = ["python3", "train.py"], Outputs = ["artifacts/model", "artifacts/metrics.json"] };

        ContainerSettings IContainerize.ConfigureContainer(ContainerSettings settings) => settings with
        {
            Registry = registry,
            ImageRepository = "pipeline-tests/iris",
            StateDirectory = stateDirectory,
        };
    }
}
