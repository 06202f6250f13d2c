using System.Formats.Tar;
using System.Security.Cryptography;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Tests.Containers;

/// <summary>The model layer we write instead of a COPY step: the same bytes for the same model, nothing of the machine in it.</summary>
[CancelAfter(10_000)]
public sealed class ModelLayerTests
{
    private static readonly DateTimeOffset CommitTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private string workspace = null!;

    [SetUp]
    public void CreateWorkspace() => workspace = Directory.CreateTempSubdirectory("model-layer-").FullName;

    [TearDown]
    public void DeleteWorkspace() => Directory.Delete(workspace, recursive: true);

    [Test]
    public async Task Should_GiveTheSameDigest_GivenTheSameModelWrittenAtAnotherTimeAndPlace()
    {
        var first = WriteModel("first", DateTime.UtcNow.AddDays(-3));
        var second = WriteModel("second", DateTime.UtcNow);

        var a = await ModelLayer.WriteAsync(first, "/app/model", CommitTime, Blobs("a"), TestContext.CurrentContext.CancellationToken);
        var b = await ModelLayer.WriteAsync(second, "/app/model", CommitTime, Blobs("b"), TestContext.CurrentContext.CancellationToken);

        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public async Task Should_NameTheBlobByTheSha256OfItsBytes_AndLeaveNoTemporaryFile()
    {
        var blobs = Blobs("c");

        var (digest, size) = await ModelLayer.WriteAsync(WriteModel("model", DateTime.UtcNow), "/app/model", CommitTime, blobs, TestContext.CurrentContext.CancellationToken);

        var blob = Path.Combine(blobs, digest["sha256:".Length..]);
        Assert.That(Directory.GetFiles(blobs), Is.EqualTo(new[] { blob }));
        Assert.That("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(blob))), Is.EqualTo(digest));
        Assert.That(new FileInfo(blob).Length, Is.EqualTo(size));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are what the test sets
    public async Task Should_PutTheModelUnderItsPathInTheImage_RootOwned_WithItsModes_AndTheCommitTime()
    {
        var model = WriteModel("model", DateTime.UtcNow);
        File.SetUnixFileMode(Path.Combine(model, "model.zip"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var blobs = Blobs("d");

        var (digest, _) = await ModelLayer.WriteAsync(model, "/app/model", CommitTime, blobs, TestContext.CurrentContext.CancellationToken);

        var entries = new List<PosixTarEntry>();
        await using (var reader = new TarReader(File.OpenRead(Path.Combine(blobs, digest["sha256:".Length..]))))
        {
            while (await reader.GetNextEntryAsync(copyData: true, TestContext.CurrentContext.CancellationToken) is { } entry)
                entries.Add((PosixTarEntry)entry);
        }

        Assert.That(entries.Select(entry => entry.Name), Is.EqualTo(new[] { "app/", "app/model/", "app/model/metrics.json", "app/model/model.zip", "app/model/sub/", "app/model/sub/vocabulary.txt" }));
        Assert.That(entries.Select(entry => (entry.Uid, entry.Gid, entry.UserName, entry.GroupName)).Distinct(), Is.EqualTo(new[] { (0, 0, "", "") }));
        Assert.That(entries.Select(entry => entry.ModificationTime).Distinct(), Is.EqualTo(new[] { CommitTime }));
        Assert.That(entries.Single(entry => entry.Name == "app/model/model.zip").Mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead));
        Assert.That(new StreamReader(entries.Single(entry => entry.Name == "app/model/sub/vocabulary.txt").DataStream!).ReadToEnd(), Is.EqualTo("setosa\nvirginica\n"));
    }

    private string WriteModel(string name, DateTime writtenAt)
    {
        var model = Directory.CreateDirectory(Path.Combine(workspace, name)).FullName;
        Directory.CreateDirectory(Path.Combine(model, "sub"));
        File.WriteAllBytes(Path.Combine(model, "model.zip"), [1, 2, 3, 4]);
        File.WriteAllText(Path.Combine(model, "metrics.json"), """{"accuracy":0.97}""");
        File.WriteAllText(Path.Combine(model, "sub", "vocabulary.txt"), "setosa\nvirginica\n");
        foreach (var file in Directory.GetFiles(model, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, writtenAt);
        return model;
    }

    private string Blobs(string name) => Directory.CreateDirectory(Path.Combine(workspace, "blobs-" + name)).FullName;
}
