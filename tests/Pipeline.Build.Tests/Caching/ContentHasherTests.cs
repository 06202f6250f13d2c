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
}
