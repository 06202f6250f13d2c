using Pipeline.Build;
using Pipeline.Components.Train;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests;

public sealed class TrainCommandTests
{
    private BuildSandbox sandbox = null!;

    [SetUp]
    public void SetUp()
    {
        sandbox = new BuildSandbox();
        sandbox.Write("data/rows.csv", "x\n1\n");
        sandbox.Write("params.yaml", "train:\n  epochs: 1\n");
    }

    [TearDown]
    public void TearDown() => sandbox.Dispose();

    [Test]
    public async Task Should_RunTheConfiguredCommandOnce_ThenBeUpToDate()
    {
        var first = await sandbox.RunAsync(new CommandBuild(), "Train", "--skip", "Restore");
        var second = await sandbox.RunAsync(new CommandBuild(), "Train", "--skip", "Restore");

        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(sandbox.Read("artifacts/runs.txt"), Is.EqualTo("trained\n"));
        Assert.That(second.Output, Does.Match(@"Train\s.*up to date"));
        Assert.That(sandbox.Read("pipeline.lock"), Does.Contain("artifacts/runs.txt"));
    }

    [Test]
    public async Task Should_FailWithTheExitCode_WhenTheCommandFails()
    {
        var run = await sandbox.RunAsync(new CommandBuild { Script = "echo broken data >&2; exit 3" }, "Train", "--skip", "Restore");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("broken data").And.Contain("exited with code 3"));
        Assert.That(sandbox.Exists("pipeline.lock"), Is.False);
    }

    [Test]
    public async Task Should_ExplainWhatToOverride_GivenNoTrainingStep()
    {
        var run = await sandbox.RunAsync(new CommandBuild { Script = null }, "Train", "--skip", "Restore");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("override ITrain.TrainAsync"));
    }

    private sealed class CommandBuild : PipelineBuild, ITrain
    {
        public string? Script { get; init; } = "mkdir -p artifacts && echo trained >> artifacts/runs.txt";

        TrainSettings ITrain.ConfigureTrain(TrainSettings settings) => settings with
        {
            Outputs = ["artifacts/runs.txt"],
            Command = Script is null ? [] : ["sh", "-c", Script],
        };
    }
}
