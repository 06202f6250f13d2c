using Pipeline.Build;
using Pipeline.Components.Train;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class TrainCommandTests : SandboxTests
{
    internal override void Prepare(BuildSandbox emptySandbox)
    {
        emptySandbox.Write("data/rows.csv", "x\n1\n");
        emptySandbox.Write("params.yaml", "train:\n  epochs: 1\n");
    }

    [Test]
    public async Task Should_RunTheConfiguredCommandOnce_ThenBeUpToDate()
    {
        var first = await Sandbox.RunAsync(new CommandBuild(), "Train", "--skip", "Restore");
        var second = await Sandbox.RunAsync(new CommandBuild(), "Train", "--skip", "Restore");

        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(Sandbox.Read("artifacts/runs.txt"), Is.EqualTo("trained\n"));
        Assert.That(second.Output, Does.Match(@"Train\s.*up to date"));
        Assert.That(Sandbox.Read("pipeline.lock"), Does.Contain("artifacts/runs.txt"));
    }

    [Test]
    public async Task Should_FailWithTheExitCode_WhenTheCommandFails()
    {
        var run = await Sandbox.RunAsync(new CommandBuild { Script = "echo broken data >&2; exit 3" }, "Train", "--skip", "Restore");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("broken data").And.Contain("exited with code 3"));
        Assert.That(Sandbox.Exists("pipeline.lock"), Is.False);
    }

    [Test]
    public async Task Should_ExplainWhatToOverride_GivenNoTrainingStep()
    {
        var run = await Sandbox.RunAsync(new CommandBuild { Script = null }, "Train", "--skip", "Restore");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("override ITrain.TrainAsync"));
    }

    [Test]
    public async Task Should_RetrainWhenTheTrainingScriptChanges_WithoutDeclaringIt()
    {
        Sandbox.Write("train.sh", "mkdir -p artifacts && echo trained >> artifacts/runs.txt\n");
        var build = () => new CommandBuild { Command = ["sh", "train.sh"] };
        await Sandbox.RunAsync(build(), "Train", "--skip", "Restore");
        var unchanged = await Sandbox.RunAsync(build(), "Train", "--skip", "Restore");
        Sandbox.Write("train.sh", "mkdir -p artifacts && echo retrained >> artifacts/runs.txt\n");
        var changed = await Sandbox.RunAsync(build(), "Train", "--skip", "Restore");

        Assert.That(unchanged.Output, Does.Match(@"Train\s.*up to date"));
        Assert.That(changed.Output, Does.Contain("changed: train.sh"));
        Assert.That(Sandbox.Read("artifacts/runs.txt"), Is.EqualTo("trained\nretrained\n"));
    }

    [Test]
    public async Task Should_RetrainOnlyForTheParamsItNames_AsDvcParams()
    {
        Sandbox.Write("params.yaml", "train:\n  epochs: 1\nserve:\n  workers: 2\n");
        var build = () => new CommandBuild { Params = ["train"] };
        await Sandbox.RunAsync(build(), "Train", "--skip", "Restore");
        Sandbox.Write("params.yaml", "train:\n  epochs: 1\nserve:\n  workers: 4\n");
        var otherKey = await Sandbox.RunAsync(build(), "Train", "--skip", "Restore");
        Sandbox.Write("params.yaml", "train:\n  epochs: 2\nserve:\n  workers: 4\n");
        var ownKey = await Sandbox.RunAsync(build(), "Train", "--skip", "Restore");
        var missing = await Sandbox.RunAsync(new CommandBuild { Params = ["train.lr"] }, "Train", "--skip", "Restore");

        Assert.That(otherKey.Output, Does.Match(@"Train\s.*up to date"), "serve.workers is not Train's");
        Assert.That(ownKey.Output, Does.Contain("changed: params.yaml:train.epochs"));
        Assert.That(Sandbox.Read("pipeline.lock"), Does.Contain("params.yaml:train.epochs").And.Not.Contain("serve.workers"));
        Assert.That(missing.ExitCode, Is.EqualTo(1));
        Assert.That(missing.Output, Does.Contain("params.yaml has no 'train.lr', which TrainSettings.Params names"));
    }

    [Test]
    public void Should_FindTheScriptsACommandRuns()
    {
        Assert.That(new TrainSettings { Command = ["python3", "-u", "src/train.py", "--epochs", "3"] }.CommandScripts, Is.EqualTo(new[] { "src/train.py" }));
        Assert.That(new TrainSettings { Command = ["./train", "data"] }.CommandScripts, Is.EqualTo(new[] { "train" }));
        Assert.That(new TrainSettings { Command = ["Rscript", "/opt/shared/fit.R"] }.CommandScripts, Is.Empty, "a script outside the repository is not an input");
    }

    private sealed class CommandBuild : PipelineBuild, ITrain
    {
        public string? Script { get; init; } = "mkdir -p artifacts && echo trained >> artifacts/runs.txt";

        public IReadOnlyList<string>? Command { get; init; }

        public IReadOnlyList<string> Params { get; init; } = [];

        TrainSettings ITrain.ConfigureTrain(TrainSettings settings) => settings with
        {
            Outputs = ["artifacts/runs.txt"],
            Command = Command ?? (Script is null ? [] : ["sh", "-c", Script]),
            Params = Params,
        };
    }
}
