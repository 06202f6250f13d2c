using Pipeline.Build.Caching;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Caching;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class LocalArtifactStoreTests : SandboxTests
{
    [Test]
    public async Task Should_GiveBackTheSameBytes_AfterARoundTrip()
    {
        Sandbox.Write("model.bin", "weights");
        var hash = ContentHasher.HashFile(Sandbox.PathOf("model.bin"));
        var store = new LocalArtifactStore(Sandbox.PathOf("store"));

        await store.PutAsync(hash, Sandbox.PathOf("model.bin"), null, TestContext.CurrentContext.CancellationToken);
        var found = await store.TryGetAsync(hash, Sandbox.PathOf("restored/model.bin"), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(found, Is.True);
        Assert.That(Sandbox.Read("restored/model.bin"), Is.EqualTo("weights"));
        Assert.That(await store.ContainsAsync(hash, TestContext.CurrentContext.CancellationToken), Is.True);
    }

    [Test]
    public async Task Should_RestoreIntoAFolderDeletedSinceTheStoreCreatedIt()
    {
        var (store, hash) = await StoreModelAsync();
        await store.TryGetAsync(hash, Sandbox.PathOf("out/a/model.bin"), null, TestContext.CurrentContext.CancellationToken);
        Directory.Delete(Sandbox.PathOf("out"), recursive: true);

        var found = await store.TryGetAsync(hash, Sandbox.PathOf("out/a/again.bin"), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(found, Is.True);
        Assert.That(Sandbox.Read("out/a/again.bin"), Is.EqualTo("weights"));
        Assert.That(Directory.GetFiles(Sandbox.PathOf("out/a")), Has.Length.EqualTo(1), "no temporary file left behind");
    }

    [Test]
    public async Task Should_RemoveTemporariesAKilledWriterLeft_ButNotOnesBeingWritten()
    {
        Sandbox.Write("model.bin", "weights");
        var hash = ContentHasher.HashFile(Sandbox.PathOf("model.bin"));
        Sandbox.Write("store/ab/abandoned.tmp", "half an object");
        File.SetLastWriteTimeUtc(Sandbox.PathOf("store/ab/abandoned.tmp"), DateTime.UtcNow.AddHours(-1));
        Sandbox.Write("store/cd/in-progress.tmp", "another writer, right now");

        await new LocalArtifactStore(Sandbox.PathOf("store")).PutAsync(hash, Sandbox.PathOf("model.bin"), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(Sandbox.Exists("store/ab/abandoned.tmp"), Is.False);
        Assert.That(Sandbox.Exists("store/cd/in-progress.tmp"), Is.True);
    }

    [Test]
    [Category("Faults")]
    public async Task Should_RemoveAKilledUploadsTemporary_WhateverItsAge_WhenTheSameObjectIsUploadedNext()
    {
        Sandbox.Write("model.bin", "weights");
        var hash = ContentHasher.HashFile(Sandbox.PathOf("model.bin"));
        var objectPath = $"store/{hash[..2]}/{hash}";
        var killed = System.Diagnostics.Process.Start("sleep", ["30"])!;
        var killedWriter = StoreWriter.Id.Split('~') is [var host, _, _] ? $"{host}~{killed.Id}~{new DateTimeOffset(killed.StartTime.ToUniversalTime()).ToUnixTimeSeconds()}" : throw new InvalidOperationException();
        killed.Kill(); // kill -9 mid-upload
        await killed.WaitForExitAsync(TestContext.CurrentContext.CancellationToken);
        Sandbox.Write($"{objectPath}.{killedWriter}.{Guid.NewGuid():N}.tmp", new string('x', 100_000)); // a minute old: the age rule alone would keep it
        var live = System.Diagnostics.Process.Start("sleep", ["30"])!;
        var liveWriter = $"{killedWriter.Split('~')[0]}~{live.Id}~{new DateTimeOffset(live.StartTime.ToUniversalTime()).ToUnixTimeSeconds()}";
        Sandbox.Write($"store/ef/{new string('e', 64)}.{liveWriter}.{Guid.NewGuid():N}.tmp", "another writer, right now");
        try
        {
            await new LocalArtifactStore(Sandbox.PathOf("store")).PutAsync(hash, Sandbox.PathOf("model.bin"), null, TestContext.CurrentContext.CancellationToken);

            Assert.That(Directory.GetFiles(Sandbox.PathOf($"store/{hash[..2]}")).Select(Path.GetFileName), Is.EqualTo(new[] { hash }), "the object, and no temporary");
            Assert.That(Directory.GetFiles(Sandbox.PathOf("store/ef")), Has.Length.EqualTo(1), "a running writer's temporary stays");
        }
        finally
        {
            live.Kill();
        }
    }

    [Test]
    public async Task Should_TreatACorruptObjectAsAMissAndDropIt()
    {
        var (store, hash) = await StoreModelAsync();
        Sandbox.Write($"store/{hash[..2]}/{hash}", "tampered");

        var found = await store.TryGetAsync(hash, Sandbox.PathOf("restored/model.bin"), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(found, Is.False);
        Assert.That(Sandbox.Exists("restored/model.bin"), Is.False);
        Assert.That(await store.ContainsAsync(hash, TestContext.CurrentContext.CancellationToken), Is.False);
    }

    [Test]
    public async Task Should_RestoreALargeObjectWhole_AndRefuseOneCorruptedWithoutLeavingAFileBehind()
    {
        var content = new byte[3 << 20]; // above the one-read path for small objects: copied while hashed
        new Random(7).NextBytes(content);
        File.WriteAllBytes(Sandbox.PathOf("large.bin"), content);
        var hash = ContentHasher.HashFile(Sandbox.PathOf("large.bin"));
        var store = new LocalArtifactStore(Sandbox.PathOf("store"));
        await store.PutAsync(hash, Sandbox.PathOf("large.bin"), null, TestContext.CurrentContext.CancellationToken);
        var reported = 0L;

        var restored = await store.TryGetAsync(hash, Sandbox.PathOf("restored/large.bin"), new SynchronousProgress(progress => reported = progress.Bytes), TestContext.CurrentContext.CancellationToken);
        var corrupted = (byte[])content.Clone();
        corrupted[^1] ^= 0xff; // same size, last byte flipped
        File.WriteAllBytes(Sandbox.PathOf($"store/{hash[..2]}/{hash}"), corrupted);
        var fromCorrupt = await store.TryGetAsync(hash, Sandbox.PathOf("again/large.bin"), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(restored, Is.True);
        Assert.That(File.ReadAllBytes(Sandbox.PathOf("restored/large.bin")), Is.EqualTo(content));
        Assert.That(reported, Is.EqualTo(content.Length), "progress counted every byte");
        Assert.That(fromCorrupt, Is.False);
        Assert.That(Directory.GetFiles(Sandbox.PathOf("again")), Is.Empty, "no restored file and no temporary one");
    }

    [Test]
    public async Task Should_KeepOneIntactObject_GivenConcurrentWritersOfTheSameContent()
    {
        Sandbox.Write("big.bin", new string('x', 1 << 20));
        var hash = ContentHasher.HashFile(Sandbox.PathOf("big.bin"));
        var store = new LocalArtifactStore(Sandbox.PathOf("store"));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.PutAsync(hash, Sandbox.PathOf("big.bin"), null, TestContext.CurrentContext.CancellationToken))));

        Assert.That(ContentHasher.HashFile(Sandbox.PathOf($"store/{hash[..2]}/{hash}")), Is.EqualTo(hash));
        Assert.That(Directory.GetFiles(Sandbox.PathOf("store"), "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task Should_HashAVerifiedObjectAgain_WhenItWasWrittenSince()
    {
        var (store, hash) = await StoreSettledModelAsync();
        Assert.That(await store.TryGetAsync(hash, Sandbox.PathOf("first/model.bin"), null, TestContext.CurrentContext.CancellationToken), Is.True);
        Assert.That(Sandbox.Read($"store/{VerifiedObjects.FileName}"), Does.StartWith(hash + "\t"), "the object was verified and its stamp kept");

        File.WriteAllText(Sandbox.PathOf($"store/{hash[..2]}/{hash}"), "weighty"); // the same size: only the stamp tells

        Assert.That(await store.TryGetAsync(hash, Sandbox.PathOf("second/model.bin"), null, TestContext.CurrentContext.CancellationToken), Is.False);
        Assert.That(File.Exists(Sandbox.PathOf("second/model.bin")), Is.False);
    }

    [Test]
    public async Task Should_CopyAVerifiedObjectWithoutHashingIt_WhileItsStampIsTheOneItWasVerifiedWith()
    {
        var (store, hash) = await StoreSettledModelAsync();
        var objectPath = Sandbox.PathOf($"store/{hash[..2]}/{hash}");
        File.WriteAllText(objectPath, "weighty");
        await Task.Delay(Pipeline.Build.IO.FileStamp.SettleTime + TimeSpan.FromMilliseconds(200), TestContext.CurrentContext.CancellationToken);
        // what the store keeps once it verified an object, written here for content that does not match its name:
        // only a copy that skips the hashing can give it back
        new VerifiedObjects(Sandbox.PathOf("store")).Remember(hash, Pipeline.Build.IO.FileStamp.Of(objectPath));

        var found = await store.TryGetAsync(hash, Sandbox.PathOf("restored/model.bin"), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(found, Is.True);
        Assert.That(Sandbox.Read("restored/model.bin"), Is.EqualTo("weighty"));
    }

    [Test]
    public async Task Should_NotRememberAnObjectWrittenWithinTheStampsResolution()
    {
        var (store, hash) = await StoreModelAsync();

        Assert.That(await store.TryGetAsync(hash, Sandbox.PathOf("restored/model.bin"), null, TestContext.CurrentContext.CancellationToken), Is.True);

        Assert.That(File.Exists(Sandbox.PathOf($"store/{VerifiedObjects.FileName}")), Is.False);
    }

    /// <summary>A stored object older than the stamps' resolution, as objects a later run restores are.</summary>
    private async Task<(LocalArtifactStore Store, string Hash)> StoreSettledModelAsync()
    {
        var stored = await StoreModelAsync();
        await Task.Delay(Pipeline.Build.IO.FileStamp.SettleTime + TimeSpan.FromMilliseconds(200), TestContext.CurrentContext.CancellationToken);
        return stored;
    }

    /// <summary>A store holding model.bin ("weights"), and that object's hash.</summary>
    private async Task<(LocalArtifactStore Store, string Hash)> StoreModelAsync()
    {
        Sandbox.Write("model.bin", "weights");
        var hash = ContentHasher.HashFile(Sandbox.PathOf("model.bin"));
        var store = new LocalArtifactStore(Sandbox.PathOf("store"));
        await store.PutAsync(hash, Sandbox.PathOf("model.bin"), null, TestContext.CurrentContext.CancellationToken);
        return (store, hash);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, after the call returns).</summary>
    private sealed class SynchronousProgress(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => report(value);
    }
}
