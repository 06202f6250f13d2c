using System.Diagnostics;
using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Caching;

/// <summary>
/// After a crash, either the old state or the new one, never a third: a lock a power loss left empty, zero-filled or
/// cut short is refused and left as it is (so a pointer to data that lives only in the artifact store survives), and
/// the lock is flushed to the disk before and after its rename.
/// </summary>
[Category("Faults")]
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class LockDurabilityTests : SandboxTests
{
    internal override void Prepare(BuildSandbox emptySandbox) => emptySandbox.Write("data/rows.csv", "1,2\n");

    [TestCase("empty")]
    [TestCase("zero-filled")]
    [TestCase("cut at a line")]
    [TestCase("cut mid-line")]
    public async Task Should_RefuseADamagedLock_AndChangeNothing_SoTheStoreOnlyPointerSurvives(string damage)
    {
        await StoreBigFileThenLoseItAsync();
        var good = await File.ReadAllBytesAsync(Sandbox.PathOf("pipeline.lock"));
        var lines = Sandbox.Read("pipeline.lock").Split('\n');
        var damaged = damage switch
        {
            "empty" => [],
            "zero-filled" => new byte[good.Length],
            "cut at a line" => System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines[..(lines.Length / 2)]) + "\n"),
            _ => good[..(good.Length - 40)],
        };
        await File.WriteAllBytesAsync(Sandbox.PathOf("pipeline.lock"), damaged);
        var model = Sandbox.Read("out/model.txt");

        var run = await Sandbox.RunAsync(new DataBuild(), "Fit");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.Output);
        Assert.That(run.Output, Does.Contain("pipeline.lock").And.Contain("the lock file is damaged").And.Contain("git checkout -- pipeline.lock"));
        Assert.That(await File.ReadAllBytesAsync(Sandbox.PathOf("pipeline.lock")), Is.EqualTo(damaged), "left as it was");
        Assert.That(Sandbox.Read("out/model.txt"), Is.EqualTo(model));
        Assert.That(run.Output, Does.Not.Contain("▶ Fit"));

        await File.WriteAllBytesAsync(Sandbox.PathOf("pipeline.lock"), good); // git checkout -- pipeline.lock
        var restored = await Sandbox.RunAsync(new DataBuild(), "Fit", "--pull");
        Assert.That(restored.ExitCode, Is.Zero, restored.Output);
        Assert.That(Sandbox.Read("data/big.bin"), Is.EqualTo("big data\n"), "the pointer to the store-only file survived");
    }

    [Test]
    public async Task Should_ReadAnUnsealedLock_AsEarlierVersionsWroteIt_AndSealItOnTheNextWrite()
    {
        Assert.That((await Sandbox.RunAsync(new DataBuild(), "Fit")).ExitCode, Is.Zero);
        var unsealed = string.Join('\n', Sandbox.Read("pipeline.lock").Split('\n').Where(line => !line.StartsWith("# checksum:", StringComparison.Ordinal) && !line.StartsWith("# Stage cache of Pipeline, sealed", StringComparison.Ordinal)));
        Sandbox.Write("pipeline.lock", unsealed);

        var run = await Sandbox.RunAsync(new DataBuild(), "Fit", "--force");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(Sandbox.Read("pipeline.lock"), Does.StartWith("# Stage cache of Pipeline, sealed").And.Match(@"\n# checksum: sha256:[0-9a-f]{64}\n$"));
    }

    [Test]
    public async Task Should_FlushTheLockBeforeItsRename_AndTheDirectoryAfter()
    {
        var trace = Path.Combine(Sandbox.Root, "strace.txt");
        using var strace = Process.Start(new ProcessStartInfo("strace", ["-f", "-y", "-qq", "-e", "trace=fsync,fdatasync,rename,renameat,renameat2", "-o", trace, "-p", Environment.ProcessId.ToString()])
        {
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("strace did not start: ./build.sh InstallTools installs it.");
        await WaitUntilAsync(() => File.Exists(trace));
        await Task.Delay(500, TestContext.CurrentContext.CancellationToken); // attached to every thread

        var run = await Sandbox.RunAsync(new DataBuild(), "Fit");
        await Task.Delay(200, TestContext.CurrentContext.CancellationToken);
        Process.Start("kill", ["-INT", strace.Id.ToString()])!.WaitForExit();
        await strace.WaitForExitAsync(TestContext.CurrentContext.CancellationToken);

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        var calls = File.ReadAllLines(trace).Select(line => line[(line.IndexOf(' ') + 1)..].TrimStart()).ToList(); // without the thread id, which strace pads to five columns
        var lockPath = Sandbox.PathOf("pipeline.lock");
        var rename = calls.FindIndex(call => call.StartsWith("rename", StringComparison.Ordinal) && call.Contains($"\"{lockPath}\"", StringComparison.Ordinal));
        Assert.That(rename, Is.GreaterThanOrEqualTo(0), string.Join('\n', calls));
        Assert.That(calls[..rename], Has.Some.Matches<string>(call => call!.StartsWith("fsync(", StringComparison.Ordinal) && call.Contains("/.pipeline.lock.", StringComparison.Ordinal)),
            "the temporary lock was flushed before it was renamed into place");
        Assert.That(calls[(rename + 1)..], Has.Some.Matches<string>(call => call!.StartsWith("fsync(", StringComparison.Ordinal) && call.Contains($"<{Sandbox.Root}>", StringComparison.Ordinal)),
            "the directory was flushed after the rename");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
            await Task.Delay(20, TestContext.CurrentContext.CancellationToken);
    }

    /// <summary>data/big.bin stored in the artifact store and recorded in the lock, then gone locally: the lock is the only pointer to it.</summary>
    private async Task StoreBigFileThenLoseItAsync()
    {
        Assert.That((await Sandbox.RunAsync(new DataBuild(), "Fit")).ExitCode, Is.Zero);
        Sandbox.Write("data/big.bin", "big data\n");
        Assert.That((await Sandbox.RunAsync(new DataBuild(), "Store")).ExitCode, Is.Zero);
        File.Delete(Sandbox.PathOf("data/big.bin"));
    }

    private sealed class DataBuild : PipelineBuild, IArtifactStoreProvider
    {
        Target Fit => _ => _
            .Inputs("data")
            .Outputs("out/model.txt")
            .VerifiesData("data")
            .Executes(() =>
            {
                Directory.CreateDirectory(RootDirectory / "out");
                File.WriteAllText(RootDirectory / "out/model.txt", $"model of {Directory.GetFiles(RootDirectory / "data").Length} files\n");
            });

        Target Store => _ => _.StoresData(() => "data/big.bin", "data");

        IArtifactStore IArtifactStoreProvider.CreateArtifactStore() => new LocalArtifactStore(RootDirectory / ".nuke/cache");
    }
}
