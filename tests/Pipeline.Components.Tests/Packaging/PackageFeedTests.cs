using Pipeline.Build;
using Pipeline.Components.Packaging;
using Pipeline.Tests.Fakes;

namespace Pipeline.Components.Tests.Packaging;

/// <summary>PublishPackages' feeds: a folder (immutable versions) and a NuGet server through the push protocol, faked on 127.0.0.1.</summary>
[CancelAfter(30_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class PackageFeedTests
{
    private string work = null!;

    [SetUp]
    public void CreateWork() => work = Directory.CreateTempSubdirectory("pipeline-feed-").FullName;

    [TearDown]
    public void DeleteWork() => Directory.Delete(work, recursive: true);

    [Test]
    public async Task Should_CopyIntoTheFolder_ThenSayAlreadyThere_ButRefuseADifferentBuildOfTheSameVersion()
    {
        var package = Package("My.Lib.1.0.0.nupkg", "first build");
        var feed = PackageFeeds.Open(AbsolutePath.Create(work), new PackSettings { Feed = "feed" });

        var first = await feed.PublishAsync(package, TestContext.CurrentContext.CancellationToken);
        var second = await feed.PublishAsync(package, TestContext.CurrentContext.CancellationToken);
        var changed = Package("My.Lib.1.0.0.nupkg", "another build");
        var error = await Assert.ThrowsAsync<TargetFailedException>(() => feed.PublishAsync(changed, TestContext.CurrentContext.CancellationToken));

        Assert.That(first, Does.StartWith("published to"));
        Assert.That(second, Does.StartWith("already in"));
        Assert.That(error!.Message, Does.Contain("already holds a different build").And.Contain("git tag"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(work, "feed", "My.Lib.1.0.0.nupkg")), Is.EqualTo("first build"));
    }

    [Test]
    public async Task Should_PushWithTheKeyInAHeader_AndTreatAConflictAsAlreadyPublished()
    {
        await using var server = await FakeNuGetServer.StartAsync("key-123");
        var feed = PackageFeeds.Open(AbsolutePath.Create(work), new PackSettings { Feed = server.ServiceIndex, ApiKey = "key-123" });
        var package = Package("My.Lib.1.0.0.nupkg", "package bytes");

        var first = await feed.PublishAsync(package, TestContext.CurrentContext.CancellationToken);
        var second = await feed.PublishAsync(package, TestContext.CurrentContext.CancellationToken);

        Assert.That(first, Does.StartWith("published to 127.0.0.1"));
        Assert.That(second, Does.Contain("409"));
        Assert.That(server.Received.Single(), Does.Contain("package bytes"));
    }

    [Test]
    public async Task Should_NameTheKeyVariable_WhenTheServerRefusesTheKey()
    {
        await using var server = await FakeNuGetServer.StartAsync("right-key");
        var feed = PackageFeeds.Open(AbsolutePath.Create(work), new PackSettings { Feed = server.ServiceIndex, ApiKey = "wrong-key" });

        var error = await Assert.ThrowsAsync<TargetFailedException>(() => feed.PublishAsync(Package("A.1.0.0.nupkg", "x"), TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("refused the API key (403)").And.Contain("PIPELINE_PACKAGE_FEED_API_KEY").And.Not.Contain("wrong-key"));
    }

    [Test]
    public void Should_RefusePlainHttpToARemoteHost_AndAServerWithoutKey()
    {
        var remote = Assert.Throws<BuildConfigurationException>(() => PackageFeeds.Open(AbsolutePath.Create(work), new PackSettings { Feed = "http://nuget.example.com/v3/index.json", ApiKey = "k" }));
        var keyless = Assert.Throws<BuildConfigurationException>(() => PackageFeeds.Open(AbsolutePath.Create(work), new PackSettings { Feed = "https://nuget.example.com/v3/index.json" }));

        Assert.That(remote!.Message, Does.Contain("clear text").And.Contain("https://"));
        Assert.That(keyless!.Message, Does.Contain("PIPELINE_PACKAGE_FEED_API_KEY"));
    }

    private string Package(string name, string content)
    {
        var directory = Directory.CreateDirectory(Path.Combine(work, "packed", Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(directory, name), content);
        return Path.Combine(directory, name);
    }
}
