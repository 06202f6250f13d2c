using Pipeline.Build;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Caching;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class StageCacheTests : SandboxTests
{
    internal override void Prepare(BuildSandbox emptySandbox)
    {
        emptySandbox.Write("data/rows.csv", "a,b\n1,2\n");
        emptySandbox.Write("params.yaml", "seed: 1\n");
    }

    [Test]
    public async Task Should_ReportUpToDateWithoutRunning_WhenInputsAndOutputsMatchTheLock()
    {
        var first = new CachedBuild();
        var second = new CachedBuild();

        var firstRun = await Sandbox.RunAsync(first, "Fit");
        var secondRun = await Sandbox.RunAsync(second, "Fit");

        Assert.That(firstRun.ExitCode, Is.Zero, firstRun.Output);
        Assert.That(first.Runs, Is.EqualTo(1));
        Assert.That(second.Runs, Is.Zero);
        Assert.That(secondRun.Output, Does.Match(@"Fit\s.*up to date"));
    }

    [Test]
    public async Task Should_RunAgainAndNameTheFile_WhenAnInputChanged()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit");
        Sandbox.Write("params.yaml", "seed: 2\n");
        var build = new CachedBuild();

        var run = await Sandbox.RunAsync(build, "Fit");

        Assert.That(build.Runs, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("changed: params.yaml"));
    }

    [Test]
    public async Task Should_RunAgain_WhenAFileIsAddedUnderAnInputDirectory()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit");
        Sandbox.Write("data/more.csv", "a,b\n");
        var build = new CachedBuild();

        var run = await Sandbox.RunAsync(build, "Fit");

        Assert.That(build.Runs, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("data/more.csv"));
    }

    [Test]
    public async Task Should_KeepALockOfAFewLines_AndNameTheChangedFile_GivenAnInputOfThousandsOfFiles()
    {
        for (var i = 0; i < 1500; i++)
            Sandbox.Write($"data/part/row-{i:0000}.csv", $"{i}\n");
        await Sandbox.RunAsync(new CachedBuild(), "Fit");
        Sandbox.Write("data/part/row-0500.csv", "changed\n");
        var build = new CachedBuild();

        var run = await Sandbox.RunAsync(build, "Fit");
        var again = new CachedBuild();
        var upToDate = await Sandbox.RunAsync(again, "Fit");

        Assert.That(Sandbox.Read("pipeline.lock"), Does.Contain("data/: ").And.Not.Contain("row-0500"));
        Assert.That(Sandbox.Read("pipeline.lock").Split('\n'), Has.Length.LessThan(20));
        Assert.That(build.Runs, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("changed: data/part/row-0500.csv"));
        Assert.That(again.Runs, Is.Zero, upToDate.Output);
    }

    [Test]
    public async Task Should_RunAgain_WhenAParameterDeclaredAsInputChanged()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit", "--epochs", "5");
        var same = new CachedBuild();
        await Sandbox.RunAsync(same, "Fit", "--epochs", "5");
        var changed = new CachedBuild();

        var run = await Sandbox.RunAsync(changed, "Fit", "--epochs", "6");

        Assert.That(same.Runs, Is.Zero);
        Assert.That(changed.Runs, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("parameter Epochs"));
    }

    [Test]
    public async Task Should_RunAgain_WhenAnOutputWasDeletedOrModified()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit");
        File.Delete(Sandbox.PathOf("out/model.bin"));
        var afterDelete = new CachedBuild();
        await Sandbox.RunAsync(afterDelete, "Fit");
        Sandbox.Write("out/model.bin", "tampered");
        var afterEdit = new CachedBuild();

        var run = await Sandbox.RunAsync(afterEdit, "Fit");

        Assert.That(afterDelete.Runs, Is.EqualTo(1));
        Assert.That(afterEdit.Runs, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("outputs missing or modified: out/model.bin"));
    }

    [Test]
    public async Task Should_RestoreMissingOutputsFromTheStoreInsteadOfRunning_GivenPull()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit", "--push");
        File.Delete(Sandbox.PathOf("out/model.bin"));
        var restored = new CachedBuild();

        var run = await Sandbox.RunAsync(restored, "Fit", "--pull");

        Assert.That(restored.Runs, Is.Zero);
        Assert.That(run.Output, Does.Contain("outputs restored from the local store").And.Match(@"Fit\s.*up to date.*restored"));
        Assert.That(Sandbox.Read("out/model.bin"), Is.EqualTo("model 10"));
    }

    [Test]
    public async Task Should_RestoreTheOutputsOfEveryMatchingTarget_WhenAsked_AsRestoreDoes()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit", "--push");
        File.Delete(Sandbox.PathOf("out/model.bin"));
        var build = new CachedBuild();

        var run = await Sandbox.RunAsync(build, "Prefetch", "Fit", "--pull");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("Restored the outputs of Fit from the local store"), "Local is per machine and never fetched");
        Assert.That(build.Runs, Is.Zero);
        Assert.That(run.Output, Does.Match(@"Fit\s.*up to date.*restored"), "the summary says where the outputs came from");
        Assert.That(Sandbox.Read("out/model.bin"), Is.EqualTo("model 10"));
    }

    [Test]
    public async Task Should_FillTheStoreFromUpToDateOutputs_GivenPush()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit");
        var hash = Pipeline.Build.Caching.ContentHasher.HashFile(Sandbox.PathOf("out/model.bin"));

        var build = new CachedBuild();
        await Sandbox.RunAsync(build, "Fit", "--push");

        Assert.That(build.Runs, Is.Zero);
        Assert.That(Sandbox.Exists($".nuke/cache/{hash[..2]}/{hash}"), Is.True);
    }

    [Test]
    public async Task Should_RunWhenTheStoreLacksTheOutput_GivenPull()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit");
        File.Delete(Sandbox.PathOf("out/model.bin"));
        Directory.Delete(Sandbox.PathOf(".nuke/cache"), recursive: true); // the run cache filled the local store: empty it
        var build = new CachedBuild();

        var run = await Sandbox.RunAsync(build, "Fit", "--pull");

        Assert.That(build.Runs, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("not in the local store .nuke/cache: out/model.bin"));
    }

    [Test]
    public async Task Should_RestoreTheEarlierOutputs_NotRun_GivenAParameterBackAtAValueItRanWithBefore()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit");
        await Sandbox.RunAsync(new CachedBuild(), "Fit", "--epochs", "20");
        var back = new CachedBuild();

        var run = await Sandbox.RunAsync(back, "Fit");
        var next = new CachedBuild();
        var after = await Sandbox.RunAsync(next, "Fit");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(back.Runs, Is.Zero, "restored from the run cache");
        Assert.That(run.Output, Does.Contain("Fit up to date (outputs restored from the run cache: ran before with these inputs (changed: parameter Epochs))"));
        Assert.That(Sandbox.Read("out/model.bin"), Is.EqualTo("model 10"), "the outputs of that earlier run");
        Assert.That(next.Runs, Is.Zero);
        Assert.That(after.Output, Does.Contain("Fit up to date (inputs and outputs match pipeline.lock)"), "the lock records the restored run");
    }

    [Test]
    public async Task Should_RunAgain_GivenTheRunCachesObjectsAreGone()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit");
        await Sandbox.RunAsync(new CachedBuild(), "Fit", "--epochs", "20");
        foreach (var shard in Directory.GetDirectories(Sandbox.PathOf(".nuke/cache")).Where(d => Path.GetFileName(d) != "runs"))
            Directory.Delete(shard, recursive: true);
        var back = new CachedBuild();

        await Sandbox.RunAsync(back, "Fit");

        Assert.That(back.Runs, Is.EqualTo(1));
        Assert.That(Sandbox.Read("out/model.bin"), Is.EqualTo("model 10"));
    }

    [Test]
    public async Task Should_RunEvenWhenUpToDate_GivenForce()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit");
        var build = new CachedBuild();
        await Sandbox.RunAsync(build, "Fit", "--force");
        Assert.That(build.Runs, Is.EqualTo(1));
    }

    [Test]
    public async Task Should_WriteASortedDeterministicLock_GivenTheSameContent()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Fit");
        var first = Sandbox.Read("pipeline.lock");
        await Sandbox.RunAsync(new CachedBuild(), "Fit", "--force");
        var second = Sandbox.Read("pipeline.lock");

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Does.Contain("targets:\n  Fit:\n    inputs:\n      data/rows.csv: ").And.Contain("params.yaml: "));
        Assert.That(first.IndexOf("data/rows.csv", StringComparison.Ordinal), Is.LessThan(first.IndexOf("params.yaml", StringComparison.Ordinal)));
        Assert.That(Directory.GetFiles(Sandbox.Root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [TestCase("targets: [unclosed\n", "did not find expected")]
    [TestCase("version: 1\ntargets:\n  Fit:\n    inputs:\n      params.yaml: not-a-hash\n", "pipeline.lock(5,")]
    [TestCase("version: 9\n", "version 9 is not supported")]
    public async Task Should_NameTheFileAndTheFix_GivenCorruptLock(string content, string expected)
    {
        Sandbox.Write("pipeline.lock", content);
        var build = new CachedBuild();

        var run = await Sandbox.RunAsync(build, "Fit");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Does.Contain(expected).And.Contain("git checkout -- pipeline.lock"));
        Assert.That(build.Runs, Is.Zero);
        Assert.That(Sandbox.Read("pipeline.lock"), Is.EqualTo(content));
    }

    [Test]
    public async Task Should_FailNamingTheFile_GivenMissingInput()
    {
        File.Delete(Sandbox.PathOf("params.yaml"));
        var build = new CachedBuild();

        var run = await Sandbox.RunAsync(build, "Fit");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("Fit's input 'params.yaml' does not exist in "));
        Assert.That(build.Runs, Is.Zero);
    }

    [Test]
    public async Task Should_FailAndRecordNothing_WhenADeclaredOutputIsNotWritten()
    {
        var run = await Sandbox.RunAsync(new CachedBuild { WriteOutput = false }, "Fit");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("declares output out/model.bin but did not write it"));
        Assert.That(Sandbox.Exists("pipeline.lock"), Is.False);
    }

    [Test]
    public async Task Should_KeepMachineEntriesOutOfThePipelineLock_GivenCachedPerMachine()
    {
        await Sandbox.RunAsync(new CachedBuild(), "Local");
        Assert.That(Sandbox.Read(".nuke/temp/local.lock"), Does.Contain("Local:"));
        Assert.That(Sandbox.Exists("pipeline.lock"), Is.False);
    }

    private sealed class CachedBuild : PipelineBuild
    {
        [Parameter("Training epochs")] readonly int Epochs = 10;

        public int Runs { get; private set; }
        public bool WriteOutput { get; init; } = true;

        Target Prefetch => _ => _.RestoresCachedOutputs();

        Target Fit => _ => _
            .Inputs("data", "params.yaml")
            .InputParameters(() => Epochs)
            .Outputs("out/model.bin")
            .Executes(() =>
            {
                Runs++;
                if (WriteOutput)
                {
                    Directory.CreateDirectory(Path.Combine(RootDirectory, "out"));
                    File.WriteAllText(Path.Combine(RootDirectory, "out/model.bin"), $"model {Epochs}");
                }
            });

        Target Local => _ => _
            .Inputs("params.yaml")
            .Outputs("out/local.txt")
            .CachedPerMachine()
            .Executes(() =>
            {
                Directory.CreateDirectory(Path.Combine(RootDirectory, "out"));
                File.WriteAllText(Path.Combine(RootDirectory, "out/local.txt"), "here");
            });
    }
}
