using Pipeline.Build.Caching;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Caching;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class FileHashCacheTests : SandboxTests
{
    private static readonly DateTime AnHourAgo = DateTime.UtcNow.AddHours(-1);

    [Test]
    public void Should_NotReadAnUnchangedFileAgain_GivenTheSameSizeAndModificationTime()
    {
        var original = WriteAged("data/a.csv", "1,2,3\n", AnHourAgo);
        var first = FileHashCache.Load(Sandbox.Root);
        first.Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv");
        first.Save();
        WriteAged("data/a.csv", "4,5,6\n", AnHourAgo); // same size, same time: only the cache can still answer the old hash

        var hash = FileHashCache.Load(Sandbox.Root).Hash(Sandbox.PathOf("data/a.csv"), "data/a.csv");

        Assert.That(hash, Is.EqualTo(original));
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

    private string WriteAged(string relativePath, string content, DateTime modified)
    {
        Sandbox.Write(relativePath, content);
        File.SetLastWriteTimeUtc(Sandbox.PathOf(relativePath), modified);
        return ContentHasher.HashText(content);
    }
}
