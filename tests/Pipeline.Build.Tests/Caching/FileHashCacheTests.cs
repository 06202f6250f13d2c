using Pipeline.Build.Caching;
using Pipeline.Build.IO;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Caching;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class FileHashCacheTests : SandboxTests
{
    private static readonly DateTime AnHourAgo = DateTime.UtcNow.AddHours(-1);

    [Test]
    public void Should_NotReadAnUnchangedFileAgain_GivenTheSameStamp()
    {
        WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        var stamp = FileStamp.Of(Sandbox.PathOf("data/a.csv"));
        var planted = new string('e', 64); // only the cache can answer this: the file's content hashes otherwise
        Sandbox.Write(FileHashCache.RelativePath, $"data/a.csv\t{stamp.Size}\t{stamp.ModifiedTicks}\t{stamp.ChangedTicks}\t{stamp.Inode}\t{planted}\n");

        Assert.That(FileHashCache.Load(Sandbox.Root).Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv"), Is.EqualTo(planted));
    }

    [Test]
    public void Should_ReadTheFileAgain_GivenASameSizeRewriteWithItsModificationTimePutBack()
    {
        WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        Remember("data/a.csv");
        Thread.Sleep(50); // the change time is kept at the file system's granularity (a few milliseconds)
        var rewritten = WriteAged("data/a.csv", "4,5,6\n", AnHourAgo); // as touch -r or a copy keeping times does

        Assert.That(FileHashCache.Load(Sandbox.Root).Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv"), Is.EqualTo(rewritten));
    }

    [Test]
    public void Should_ReadBothAgain_GivenTwoFilesOfTheSameSizeAndTimeSwappedByRenames()
    {
        var a = WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        var b = WriteAged("data/b.csv", "4,5,6\n", AnHourAgo);
        Remember("data/a.csv", "data/b.csv");
        File.Move(Sandbox.PathOf("data/a.csv"), Sandbox.PathOf("data/swap"));
        File.Move(Sandbox.PathOf("data/b.csv"), Sandbox.PathOf("data/a.csv"));
        File.Move(Sandbox.PathOf("data/swap"), Sandbox.PathOf("data/b.csv"));

        var cache = FileHashCache.Load(Sandbox.Root);

        Assert.That(cache.Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv"), Is.EqualTo(b));
        Assert.That(cache.Hash(Sandbox.PathOf("data/b.csv"), "data/b.csv"), Is.EqualTo(a));
    }

    [Test]
    public void Should_ReadTheFileAgain_WhenItsModificationTimeChanged()
    {
        WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        var first = FileHashCache.Load(Sandbox.Root);
        first.Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv");
        first.Save();
        var changed = WriteAged("data/a.csv", "4,5,6\n", AnHourAgo.AddSeconds(1));

        Assert.That(FileHashCache.Load(Sandbox.Root).Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv"), Is.EqualTo(changed));
    }

    [Test]
    public void Should_NotRememberAFileWrittenJustNow()
    {
        var now = DateTime.UtcNow;
        WriteAged("data/a.csv", "1,2,3\n", now);
        var first = FileHashCache.Load(Sandbox.Root);
        first.Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv");
        first.Save();
        var rewritten = WriteAged("data/a.csv", "4,5,6\n", now); // a second write within the same tick

        Assert.That(FileHashCache.Load(Sandbox.Root).Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv"), Is.EqualTo(rewritten));
    }

    [Test]
    public void Should_StartAfresh_GivenAGarbledCacheFile()
    {
        var expected = WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        Sandbox.Write(FileHashCache.RelativePath, "data/a.csv\tnot-a-size\t\tzz\n\0\0garbage");

        Assert.That(FileHashCache.Load(Sandbox.Root).Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv"), Is.EqualTo(expected));
    }

    [Test]
    public void Should_AppendOnlyTheEditedFilesLine_AndKeepEveryEarlierLine_GivenOneEditAmongSeveralFiles()
    {
        WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        WriteAged("data/b.csv", "4,5,6\n", AnHourAgo);
        WriteAged("data/c.csv", "7,8,9\n", AnHourAgo);
        Remember("data/a.csv", "data/b.csv", "data/c.csv");
        var before = Sandbox.Read(FileHashCache.RelativePath);
        var edited = WriteAged("data/b.csv", "4,5,7\n", AnHourAgo.AddSeconds(1));

        var cache = FileHashCache.Load(Sandbox.Root);
        foreach (var path in new[] { "data/a.csv", "data/b.csv", "data/c.csv" })
            cache.Hash(Sandbox.PathOf(path), path);
        cache.Save();

        var after = Sandbox.Read(FileHashCache.RelativePath);
        Assert.That(after, Does.StartWith(before), "the earlier lines are not rewritten");
        Assert.That(after[before.Length..].Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1).And.All.StartsWith("data/b.csv\t"));
        Assert.That(FileHashCache.Load(Sandbox.Root).Hash(Sandbox.PathOf("data/b.csv"), "data/b.csv"), Is.EqualTo(edited), "the later line wins");
    }

    [Test]
    public void Should_WriteNothing_GivenNothingNewWasLearnt()
    {
        WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        Remember("data/a.csv");
        var written = File.GetLastWriteTimeUtc(Sandbox.PathOf(FileHashCache.RelativePath));
        File.SetLastWriteTimeUtc(Sandbox.PathOf(FileHashCache.RelativePath), written.AddHours(-2));

        var cache = FileHashCache.Load(Sandbox.Root);
        cache.Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv");
        cache.Save();

        Assert.That(File.GetLastWriteTimeUtc(Sandbox.PathOf(FileHashCache.RelativePath)), Is.EqualTo(written.AddHours(-2)));
    }

    [Test]
    public void Should_RewriteTheFileWithoutSupersededLinesOrDeletedFiles_GivenMostLinesSuperseded()
    {
        var current = WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        var stale = new string('e', 64);
        var lines = Enumerable.Range(1, 600).Select(i => $"data/a.csv\t6\t{i}\t{i}\t{i}\t{stale}")
            .Append($"data/deleted.csv\t6\t1\t1\t1\t{stale}");
        Sandbox.Write(FileHashCache.RelativePath, string.Join('\n', lines) + "\n");

        var cache = FileHashCache.Load(Sandbox.Root);
        Assert.That(cache.Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv"), Is.EqualTo(current));
        cache.Save();

        var kept = Sandbox.Read(FileHashCache.RelativePath).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(kept, Has.Length.EqualTo(1));
        Assert.That(kept[0], Does.StartWith("data/a.csv\t").And.EndWith(current));
    }

    [Test]
    public void Should_StartTheAppendedLineOnItsOwn_GivenAnEarlierAppendCutShort()
    {
        var a = WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        Remember("data/a.csv");
        File.AppendAllText(Sandbox.PathOf(FileHashCache.RelativePath), "data/b.csv\t6\t12"); // killed mid-write
        var b = WriteAged("data/b.csv", "4,5,6\n", AnHourAgo);

        var cache = FileHashCache.Load(Sandbox.Root);
        cache.Hash(Sandbox.PathOf("data/b.csv"), "data/b.csv");
        cache.Save();

        var reloaded = FileHashCache.Load(Sandbox.Root);
        Assert.That(Sandbox.Read(FileHashCache.RelativePath).Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3));
        Assert.That(reloaded.Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv"), Is.EqualTo(a));
        Assert.That(reloaded.Hash(Sandbox.PathOf("data/b.csv"), "data/b.csv"), Is.EqualTo(b));
    }

    [Test]
    public void Should_SkipLinesOutOfShape_AndKeepTheOthers()
    {
        WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        var stamp = FileStamp.Of(Sandbox.PathOf("data/a.csv"));
        var planted = new string('e', 64);
        var fields = $"{stamp.Size}\t{stamp.ModifiedTicks}\t{stamp.ChangedTicks}\t{stamp.Inode}";
        Sandbox.Write(FileHashCache.RelativePath, string.Join('\n',
            $"data/b.csv\t-{fields}\t{planted}", // a negative size
            $"data/c.csv\t{fields}\t{planted}\textra",
            $"data/d.csv\t{fields}\t{planted[..63]}", // a hash cut short
            $"data/a.csv\t{fields}\t{planted}") + "\n");

        var cache = FileHashCache.Load(Sandbox.Root);

        Assert.That(cache.Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv"), Is.EqualTo(planted));
    }

    [Test]
    public void Should_KeepTheStampEachHashStandsFor_ForTheUpToDateRecord()
    {
        WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        WriteAged("data/b.csv", "4,5,6\n", AnHourAgo);
        var cache = FileHashCache.Load(Sandbox.Root);

        new ContentHasher(Sandbox.Root, cache).Hash(["data"], out _);

        Assert.That(cache.SeenStamp(Path.Combine(Sandbox.Root, "data/a.csv")), Is.EqualTo(FileStamp.Of(Sandbox.PathOf("data/a.csv"))));
        Assert.That(cache.SeenStamp(Path.Combine(Sandbox.Root, "data/b.csv")), Is.EqualTo(FileStamp.Of(Sandbox.PathOf("data/b.csv"))));
        Assert.That(cache.SeenStamp(Path.Combine(Sandbox.Root, "params.yaml")), Is.Null, "a file the run did not hash");
    }

    private void Remember(params string[] relativePaths)
    {
        var cache = FileHashCache.Load(Sandbox.Root);
        foreach (var path in relativePaths)
            cache.Hash(Sandbox.PathOf(path), path);
        cache.Save();
        Assert.That(Sandbox.Read(FileHashCache.RelativePath).Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(relativePaths.Length), "remembered");
    }

    private string WriteAged(string relativePath, string content, DateTime modified)
    {
        Sandbox.Write(relativePath, content);
        File.SetLastWriteTimeUtc(Sandbox.PathOf(relativePath), modified);
        return ContentHasher.HashText(content);
    }
}
