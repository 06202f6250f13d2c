using CliWrap;
using CliWrap.Buffered;
using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>
/// The artifact store under faults, on real file systems: a full one (a 1 MiB tmpfs mounted for the test) and an
/// object corrupted by hand. Each asserts that nothing partial is left and the next normal run recovers.
/// </summary>
[Category("Faults")]
[NonParallelizable]
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class StoreFaultTests : SandboxTests
{
    private string? mount;

    [TearDown]
    public async Task Unmount()
    {
        if (mount is null)
            return;
        await Cli.Wrap("umount").WithArguments([mount]).WithValidation(CommandResultValidation.None).ExecuteAsync();
        Directory.Delete(mount, recursive: true);
        mount = null;
    }

    [Test]
    public async Task Should_WarnAndSucceed_LeavingNoPartialObject_GivenAnOptionalPushToAFullStore()
    {
        var store = await FullStoreAsync();
        Sandbox.Write("params.yaml", "size: 2\n");

        var run = await Sandbox.RunAsync(new StoreBuild(store), "Fit", "--push");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("warning: ").And.Contain("cannot store an object").And.Contain("No space left on device"));
        Assert.That(run.Output, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories).Where(file => new FileInfo(file).Length > 0), Is.Empty, "no partial object");
        Assert.That((await Sandbox.RunAsync(new StoreBuild(store), "Fit")).Output, Does.Contain("Fit up to date"), "the stage itself was recorded");
    }

    [Test]
    public async Task Should_FailWithTheCause_AndLeaveTheLockAsItWas_GivenAddDataToAFullStore()
    {
        var store = await FullStoreAsync();
        Sandbox.Write("data/big.bin", new string('x', 2 << 20));

        var run = await Sandbox.RunAsync(new StoreBuild(store), "Add");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Output, Does.Contain("No space left on device"));
        Assert.That(Sandbox.Exists("pipeline.lock") && Sandbox.Read("pipeline.lock").Contains("data/big.bin", StringComparison.Ordinal), Is.False, "no pointer to a missing object");
        Assert.That(Sandbox.Exists("data/.gitignore"), Is.False);
        Assert.That(Directory.EnumerateFiles(store, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task Should_SayTheObjectWasCorrupt_RecomputeAndStoreAGoodCopy_GivenAnObjectChangedByHand()
    {
        var store = Sandbox.PathOf("store");
        Sandbox.Write("params.yaml", "size: 1\n");
        await Sandbox.RunAsync(new StoreBuild(store), "Fit", "--push");
        var objectFile = Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories).Single();
        File.WriteAllText(objectFile, "tampered");
        File.Delete(Sandbox.PathOf("out/model.bin"));
        var build = new StoreBuild(store);

        var run = await Sandbox.RunAsync(build, "Fit", "--pull", "--push");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("held a corrupt copy of model.bin").And.Contain("removed it.").And.Contain("▶ Fit"), "the store says what it found; the run line says Fit computes it again");
        Assert.That(build.Runs, Is.EqualTo(1), "recomputed, not restored from the corrupt object");
        Assert.That(ContentHasher.HashFile(objectFile), Is.EqualTo(Path.GetFileName(objectFile)), "a good copy is stored again");
    }

    /// <summary>A 1 MiB tmpfs (the tests run as root), filled but for a few KiB.</summary>
    private async Task<string> FullStoreAsync()
    {
        mount = Directory.CreateTempSubdirectory("full-store-").FullName;
        var result = await Cli.Wrap("mount").WithArguments(["-t", "tmpfs", "-o", "size=1m", "tmpfs", mount]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"mounting a tmpfs for the full-store test needs root: {result.StandardError}");
        await File.WriteAllBytesAsync(Path.Combine(mount, "filler"), new byte[(1 << 20) - (16 << 10)]);
        var store = Path.Combine(mount, "store");
        Directory.CreateDirectory(store);
        return store;
    }

    private sealed class StoreBuild(string store) : PipelineBuild, IArtifactStoreProvider
    {
        public int Runs { get; private set; }

        Target Fit => _ => _
            .Inputs("params.yaml")
            .Outputs("out/model.bin")
            .Executes(() =>
            {
                Runs++;
                var megabytes = int.Parse(File.ReadAllText(RootDirectory / "params.yaml").Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
                Directory.CreateDirectory(RootDirectory / "out");
                File.WriteAllBytes(RootDirectory / "out/model.bin", Enumerable.Range(0, megabytes << 20).Select(i => (byte)(i % 251)).ToArray());
            });

        Target Add => _ => _.StoresData(() => "data/big.bin", "data");

        IArtifactStore IArtifactStoreProvider.CreateArtifactStore() => new LocalArtifactStore(store, "test store", Log);
    }
}
