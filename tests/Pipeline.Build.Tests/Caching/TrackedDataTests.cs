using Pipeline.Build;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Caching;

/// <summary>Data verification is driven by the lock's <c>data:</c> block, also when the verifying target is up to date.</summary>
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class TrackedDataTests : SandboxTests
{
    internal override void Prepare(BuildSandbox emptySandbox) => emptySandbox.Write("data/rows.csv", "1,2\n");

    [Test]
    public async Task Should_FailBeforeTraining_GivenARecordedFileThatIsAbsent_EvenWhenTheVerifyingTargetIsUpToDate()
    {
        await StoreBigFileThenLoseItAsync();

        var run = await Sandbox.RunAsync(new DataBuild(), "Fit");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Output, Does.Contain("data/big.bin is missing (it lives in the artifact store, not in git: ./build.sh Restore --pull)").And.Not.Contain("git checkout -- data/big.bin"));
        Assert.That(run.Output, Does.Not.Contain("▶ Fit"), "Fit never trains without the file");
    }

    [Test]
    public async Task Should_RefuseAMissingTrackedFile_InTheTargetThatReadsIt_GivenItsVerifierSkipped()
    {
        await StoreBigFileThenLoseItAsync();
        var lockBefore = Sandbox.Read("pipeline.lock");
        var build = new DataBuild();

        var run = await Sandbox.RunAsync(build, "Fit", "--skip", "Prepare");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Output, Does.Contain("Prepare skipped (--skip)").And.Contain("data/big.bin is missing (it lives in the artifact store, not in git: ./build.sh Restore --pull)"));
        Assert.That(build.FitRuns, Is.Zero, "Fit never trains without the file");
        Assert.That(Sandbox.Read("pipeline.lock"), Is.EqualTo(lockBefore), "Fit's inputs are not rewritten without it");
    }

    [Test]
    public async Task Should_PullTheAbsentFile_AndRecordItAsAnInputOfTheTargetsThatRan_GivenPull()
    {
        await StoreBigFileThenLoseItAsync();
        var build = new DataBuild();

        var run = await Sandbox.RunAsync(build, "Fit", "--pull");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("Pulled 1 data file(s)"));
        Assert.That(Sandbox.Read("data/big.bin"), Is.EqualTo("big data\n"));
        Assert.That(build.FitRuns, Is.EqualTo(1));
        Assert.That(Sandbox.Read("pipeline.lock"), Does.Match(@"Fit:\s+inputs:(\s+\S+: [0-9a-f]{64})*\s+data/big\.bin: [0-9a-f]{64}"), "the lock records what Fit ran with");
    }

    [Test]
    public async Task Should_LeaveTheLockAsItWas_GivenAnUploadThatFails()
    {
        Sandbox.Write("data/big.bin", "big data\n");
        var before = Sandbox.Exists("pipeline.lock") ? Sandbox.Read("pipeline.lock") : "";

        var run = await Sandbox.RunAsync(new DataBuild { StoreDirectory = "/proc/no-store-here" }, "Store");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(Sandbox.Exists("pipeline.lock") ? Sandbox.Read("pipeline.lock") : "", Is.EqualTo(before), "no pointer to an object the store does not have");
        Assert.That(run.Output, Does.Not.Contain("Going on without it"), "a required upload does not claim to go on, then fail");
        Assert.That(run.Output, Does.Contain("cannot take them now (The local store /proc/no-store-here cannot store an object"), "the failure says why");
        Assert.That(Sandbox.Exists("data/.gitignore"), Is.False);
    }

    [Test]
    public async Task Should_NotPushPerMachineOutputs_GivenPush()
    {
        var run = await Sandbox.RunAsync(new DataBuild(), "Fit", "--push");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        var stored = Directory.EnumerateFiles(Sandbox.PathOf(".nuke/cache"), "*", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.That(stored, Has.Some.EqualTo("model\n"), "Fit's output is shared");
        Assert.That(stored, Has.None.EqualTo("prepared on this machine\n"), "Prepare is cached per machine: its output stays here");
    }

    /// <summary>Machine A stored data/big.bin; this machine verified its data before the lock said so (a git pull later).</summary>
    private async Task StoreBigFileThenLoseItAsync()
    {
        Assert.That((await Sandbox.RunAsync(new DataBuild(), "Fit")).ExitCode, Is.Zero);
        Sandbox.Write("data/big.bin", "big data\n");
        Assert.That((await Sandbox.RunAsync(new DataBuild(), "Store")).ExitCode, Is.Zero);
        File.Delete(Sandbox.PathOf("data/big.bin"));
    }

    private sealed class DataBuild : PipelineBuild, Pipeline.Build.Caching.IArtifactStoreProvider
    {
        public int FitRuns { get; private set; }
        public string? StoreDirectory { get; init; }

        Target Prepare => _ => _
            .Inputs("data/rows.csv")
            .Outputs("out/prepared.txt")
            .CachedPerMachine()
            .VerifiesData("data")
            .Executes(() => Write("out/prepared.txt", "prepared on this machine\n"));

        Target Fit => _ => _
            .DependsOn(Prepare)
            .Inputs("data")
            .Outputs("out/model.txt")
            .Executes(() =>
            {
                FitRuns++;
                Write("out/model.txt", "model\n");
            });

        Target Store => _ => _.StoresData(() => "data/big.bin", "data");

        Pipeline.Build.Caching.IArtifactStore Pipeline.Build.Caching.IArtifactStoreProvider.CreateArtifactStore() =>
            new Pipeline.Build.Caching.LocalArtifactStore(StoreDirectory ?? RootDirectory / ".nuke/cache");

        private void Write(string path, string content)
        {
            Directory.CreateDirectory((RootDirectory / path).Parent!);
            File.WriteAllText(RootDirectory / path, content);
        }
    }
}
