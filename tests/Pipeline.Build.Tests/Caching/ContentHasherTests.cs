using Pipeline.Build.Caching;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Caching;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ContentHasherTests : SandboxTests
{
    [Test]
    public void Should_LeaveOutTheBuildsOwnStateAndToolFolders_GivenAWideGlob()
    {
        foreach (var path in new[] { "src/App/App.csproj", ".nuke/containers/storage/App.csproj", ".nuke/cache/ab/App.csproj", "node_modules/x/App.csproj", "src/App/bin/App.csproj", ".git/App.csproj" })
            Sandbox.Write(path, "<Project />");

        var hashes = new ContentHasher(Sandbox.Root).Hash(["**/*.csproj"], out _);

        Assert.That(hashes.Keys, Is.EqualTo(new[] { "src/App/App.csproj" }));
    }

    [Test]
    public void Should_IncludeAnExcludedFolder_WhenThePatternNamesIt()
    {
        Sandbox.Write("src/App/obj/project.assets.json", "{}");
        Sandbox.Write(".nuke/parameters.json", "{}");

        var hashes = new ContentHasher(Sandbox.Root).Hash(["**/obj/project.assets.json", ".nuke/*.json"], out _);

        Assert.That(hashes.Keys, Is.EquivalentTo(new[] { "src/App/obj/project.assets.json", ".nuke/parameters.json" }));
    }

    [Test]
    public void Should_GiveTheSameHashes_OnEveryCoreAsOnOneThread()
    {
        for (var i = 0; i < 300; i++)
            Sandbox.Write($"data/part-{i % 7}/row-{i}.csv", $"{i},{i * i}\n");

        var single = new ContentHasher(Sandbox.Root, parallelism: 1).Hash(["data"], out _);
        var parallel = new ContentHasher(Sandbox.Root, parallelism: 4).Hash(["data"], out _);

        Assert.That(parallel, Is.EqualTo(single));
        Assert.That(parallel["data/part-3/row-10.csv"], Is.EqualTo(ContentHasher.HashText("10,100\n")));
    }

    [Test]
    public void Should_RecordOnlyAPathOfMoreThanTheThresholdAsOneTreeEntry()
    {
        for (var i = 0; i <= InputTrees.Threshold; i++)
            Sandbox.Write($"many/row-{i:0000}.csv", $"{i}\n");
        Sandbox.Write("few/a.csv", "a\n");

        var entries = new ContentHasher(Sandbox.Root).HashInputs(["many", "few"], new InputTrees(Sandbox.Root), out _);

        Assert.That(entries.Keys, Is.EqualTo(new[] { "few/a.csv", "many/" }));
        Assert.That(Directory.GetFiles(Sandbox.PathOf(InputTrees.RelativeDirectory)), Has.Length.EqualTo(1), "the tree's file list, to name what changes");
    }
}
