
namespace Pipeline.IntegrationTests;

/// <summary>
/// The real build process killed (SIGKILL), interrupted (SIGINT) mid-stage, or started twice at once; each time
/// the lock still parses, nothing half-done is recorded, and the next normal run recovers.
/// </summary>
[Category("Faults")]
[NonParallelizable]
[CancelAfter(300_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ProcessFaultTests
{
    private FaultRepository repository = null!;

    [OneTimeSetUp]
    public async Task Compile() => repository = await FaultRepository.CreateAsync(TestContext.CurrentContext.CancellationToken);

    [OneTimeTearDown]
    public void Delete() => repository?.Dispose();

    [SetUp]
    public void Reset()
    {
        foreach (var state in new[] { "pipeline.lock", "artifacts", "data", ".gitignore", ".nuke/cache" })
        {
            var path = Path.Combine(repository.Root, state);
            if (File.Exists(path))
                File.Delete(path);
            else if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
    }

    [Test]
    public async Task Should_RecordNothing_AndTrainAgainNextTime_GivenSigkillMidTrain()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var killed = repository.Start(slowTraining: true, "Train");
        await killed.WaitForOutputAsync("training started", token);
        await Task.Delay(500, token);
        killed.Process.Kill();
        await killed.WaitAsync(token);

        var lockAfterKill = repository.ReadOrNull("pipeline.lock");
        var next = await repository.Start("Train").WaitAsync(token);
        var again = await repository.Start("Train").WaitAsync(token);

        Assert.That(lockAfterKill is null || !lockAfterKill.Contains("Train:", StringComparison.Ordinal), Is.True, "a killed stage is never recorded");
        Assert.That(next.ExitCode, Is.Zero, next.Output);
        Assert.That(next.Output, Does.Contain("▶ Train").And.Contain("training finished"));
        Assert.That(again.Output, Does.Contain("= Train up to date"), "the recovered run's entry parses and matches");
        Assert.That(Directory.EnumerateFiles(repository.Root, "*.tmp*", SearchOption.TopDirectoryOnly), Is.Empty, "no temporary lock file left");
    }

    [Test]
    public async Task Should_CancelTheStage_RecordNothing_AndExit1_GivenSigintMidTrain()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var interrupted = repository.Start(slowTraining: true, "Train");
        await interrupted.WaitForOutputAsync("training started", token);
        await Task.Delay(300, token);
        Assert.That(Signals.Interrupt(interrupted.Process.Id), Is.Zero, "SIGINT sent"); // a syscall, not a kill process: on a busy machine spawning one took longer than the training
        var (exitCode, output) = await interrupted.WaitAsync(token);

        var next = await repository.Start("Train").WaitAsync(token);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("Train cancelled").And.Contain("nothing recorded for it"));
        Assert.That(repository.ReadOrNull("pipeline.lock") ?? "", Does.Contain("Train:"), "recorded by the next run only");
        Assert.That(next.Output, Does.Contain("▶ Train").And.Contain("training finished"));
    }

    [Test]
    public async Task Should_TrainOnce_GivenTwoBuildsStartedAtOnceInOneCheckout()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var first = repository.Start("Train");
        var second = repository.Start("Train");

        var results = await Task.WhenAll(first.WaitAsync(token), second.WaitAsync(token));

        Assert.That(results.Select(result => result.ExitCode), Is.All.Zero, string.Join("\n---\n", results.Select(result => result.Output)));
        Assert.That(results.Count(result => result.Output.Contains("training finished", StringComparison.Ordinal)), Is.EqualTo(1), "one trained");
        Assert.That(results.Count(result => result.Output.Contains("= Train up to date", StringComparison.Ordinal)), Is.EqualTo(1), "the other waited, then found it up to date");
    }

    [Test]
    public async Task Should_KeepTheFile_WriteNoPointer_AndSweepThePartialObject_GivenSigkillMidAddDataUpload()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        var big = Path.Combine(repository.Root, "data/big.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(big)!);
        await using (var file = File.Create(big))
            file.SetLength(1L << 30); // 1 GiB, sparse: cheap to make, slow enough to copy that the kill lands mid-upload
        var store = Path.Combine(repository.Root, ".nuke/cache");

        var killed = repository.Start("AddData");
        string? partial = null;
        while (partial is null && !killed.Process.HasExited)
        {
            partial = Directory.Exists(store) ? Directory.EnumerateFiles(store, "*.tmp", SearchOption.AllDirectories).FirstOrDefault() : null;
            await Task.Delay(1, token);
        }

        killed.Process.Kill();
        await killed.WaitAsync(token);
        Assert.That(partial, Is.Not.Null, "the kill landed while the object was being written: " + killed.Output);
        Assert.That(repository.ReadOrNull("pipeline.lock") ?? "", Does.Not.Contain("big.bin"), "no pointer to an object the store does not hold");
        Assert.That(repository.ReadOrNull("data/.gitignore") ?? "", Does.Not.Contain("big.bin"), "not ignored before it is safely stored");
        Assert.That(new FileInfo(big).Length, Is.EqualTo(1L << 30), "the user's file is untouched");

        File.SetLastWriteTimeUtc(partial!, DateTime.UtcNow.AddMinutes(-11)); // as abandoned as a kill long ago
        var next = await repository.Start("AddData").WaitAsync(token);

        Assert.That(next.ExitCode, Is.Zero, next.Output);
        Assert.That(File.Exists(partial), Is.False, "the next run swept the abandoned partial object");
        Assert.That(Directory.EnumerateFiles(store, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        var objects = Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories).Select(path => new FileInfo(path)).ToList();
        Assert.That(objects.Select(o => o.Length), Has.Some.EqualTo(1L << 30), "the whole object is stored now");
        Assert.That(repository.ReadOrNull("pipeline.lock"), Does.Contain("big.bin").And.Contain(objects.First(o => o.Length == 1L << 30).Name), "the pointer names the stored object");
        Assert.That(repository.ReadOrNull("data/.gitignore"), Does.Contain("big.bin"));
    }
}
