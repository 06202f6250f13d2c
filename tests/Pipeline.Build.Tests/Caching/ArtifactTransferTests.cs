using Pipeline.Build.Caching;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Caching;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ArtifactTransferTests : SandboxTests
{
    [Test]
    public async Task Should_RunAtMostTheConfiguredTransfersAtOnce()
    {
        var files = WriteFiles(20);
        var store = new SlowStore();
        foreach (var (path, hash) in files)
        {
            await store.Inner.PutAsync(hash, Sandbox.PathOf(path), null, TestContext.CurrentContext.CancellationToken);
            File.Delete(Sandbox.PathOf(path));
        }

        var missing = await new ArtifactTransfer(store, pull: true, push: false, parallelism: 3, new RecordingLog()).RestoreAsync(Sandbox.Root, files, TestContext.CurrentContext.CancellationToken);

        Assert.That(missing, Is.Empty);
        Assert.That(store.MostAtOnce, Is.EqualTo(3));
        Assert.That(files.Keys.Select(path => File.Exists(Sandbox.PathOf(path))), Has.All.True);
    }

    [Test]
    public async Task Should_GiveUpOnAnUnreachableStore_WithOneWarning_AndReportEveryFileMissing()
    {
        var files = WriteFiles(20);
        foreach (var path in files.Keys)
            File.Delete(Sandbox.PathOf(path));
        var store = new UnreachableStore();
        var log = new RecordingLog();

        var missing = await new ArtifactTransfer(store, pull: true, push: false, parallelism: 2, log).RestoreAsync(Sandbox.Root, files, TestContext.CurrentContext.CancellationToken);

        Assert.That(missing, Is.EquivalentTo(files.Keys));
        Assert.That(log.Lines.Count(line => line.StartsWith("warning: Could not download", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(store.Calls, Is.LessThan(files.Count), "stopped trying after the store proved unreachable");
    }

    [Test]
    public async Task Should_UploadOnlyWhatTheStoreLacks_AndEachContentOnce()
    {
        var files = WriteFiles(4);
        files["copy-of-0.bin"] = files["file-0.bin"];
        File.Copy(Sandbox.PathOf("file-0.bin"), Sandbox.PathOf("copy-of-0.bin"));
        var store = new LocalArtifactStore(Sandbox.PathOf("store"));
        await store.PutAsync(files["file-1.bin"], Sandbox.PathOf("file-1.bin"), null, TestContext.CurrentContext.CancellationToken);

        var sent = await new ArtifactTransfer(store, pull: false, push: true, parallelism: 4, new RecordingLog()).UploadAsync(Sandbox.Root, files, TestContext.CurrentContext.CancellationToken);

        Assert.That(sent, Is.EqualTo(3), "file-0 (and its copy), file-2, file-3");
    }

    [Test]
    public async Task Should_ReportProgressInMiB_ForALargeFile()
    {
        Sandbox.Write("big.bin", new string('x', 17 << 20));
        var files = new Dictionary<string, string> { ["big.bin"] = ContentHasher.HashFile(Sandbox.PathOf("big.bin")) };
        var store = new LocalArtifactStore(Sandbox.PathOf("store"));
        await store.PutAsync(files["big.bin"], Sandbox.PathOf("big.bin"), null, TestContext.CurrentContext.CancellationToken);
        File.Delete(Sandbox.PathOf("big.bin"));
        var log = new RecordingLog();

        await new ArtifactTransfer(store, pull: true, push: false, parallelism: 2, log).RestoreAsync(Sandbox.Root, files, TestContext.CurrentContext.CancellationToken);

        Assert.That(log.Lines, Has.Some.StartsWith("pull big.bin (MiB): ").And.Contains("/17"));
        Assert.That(log.Lines.Count(line => line == "pull big.bin (MiB): 17/17"), Is.EqualTo(1), "completion once");
        Assert.That(log.Lines.Count(line => line.StartsWith("pull big.bin", StringComparison.Ordinal)), Is.LessThanOrEqualTo(18), "at most once per MiB");
    }

    [Test]
    public async Task Should_LeaveFilesThatAlreadyMatch_Untouched()
    {
        var files = WriteFiles(2);
        var store = new UnreachableStore();

        var missing = await new ArtifactTransfer(store, pull: true, push: false, parallelism: 2, new RecordingLog()).RestoreAsync(Sandbox.Root, files, TestContext.CurrentContext.CancellationToken);

        Assert.That(missing, Is.Empty);
        Assert.That(store.Calls, Is.Zero);
    }

    private Dictionary<string, string> WriteFiles(int count)
    {
        var files = new Dictionary<string, string>();
        for (var i = 0; i < count; i++)
        {
            Sandbox.Write($"file-{i}.bin", $"content {i}");
            files[$"file-{i}.bin"] = ContentHasher.HashFile(Sandbox.PathOf($"file-{i}.bin"));
        }

        return files;
    }

    /// <summary>A local store whose downloads take a while, counting how many run at once.</summary>
    private sealed class SlowStore : IArtifactStore
    {
        private int running;

        public LocalArtifactStore Inner { get; } = new(Path.Combine(Path.GetTempPath(), "pipeline-tests", "slow-store-" + Guid.NewGuid().ToString("N")));

        public int MostAtOnce { get; private set; }

        public string Description => "slow store";

        public Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken) => Inner.ContainsAsync(sha256, cancellationToken);

        public Task PutAsync(string sha256, string sourcePath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) =>
            Inner.PutAsync(sha256, sourcePath, progress, cancellationToken);

        public async Task<bool> TryGetAsync(string sha256, string destinationPath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref running);
            lock (this)
                MostAtOnce = Math.Max(MostAtOnce, now);
            await Task.Delay(30, cancellationToken);
            Interlocked.Decrement(ref running);
            return await Inner.TryGetAsync(sha256, destinationPath, progress, cancellationToken);
        }
    }

    /// <summary>A store that always answers as a bucket does after its retries ran out.</summary>
    private sealed class UnreachableStore : IArtifactStore
    {
        private int calls;

        public int Calls => calls;

        public string Description => "unreachable store";

        public Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken) => Fail<bool>();

        public Task PutAsync(string sha256, string sourcePath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) => Fail<bool>();

        public Task<bool> TryGetAsync(string sha256, string destinationPath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken) => Fail<bool>();

        private async Task<T> Fail<T>()
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(20, TestContext.CurrentContext.CancellationToken);
            throw new ArtifactStoreUnavailableException("no route to host.");
        }
    }
}
