using System.Diagnostics;
using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Containers;

/// <summary>An image built from uncommitted changes never carries the commit's own tag or revision.</summary>
[CancelAfter(30_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class SourceRevisionTests : TemporaryFolderTests
{
    [SetUp]
    public void CreateRepository()
    {
        File.WriteAllText(Path.Combine(Folder, "params.yaml"), "seed: 1\n");
        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Git("-c", "user.email=ci@example.invalid", "-c", "user.name=CI", "commit", "-qm", "first");
    }

    [Test]
    public async Task Should_BeTheCommit_GivenACleanWorkTree_EvenWithUntrackedFiles()
    {
        File.WriteAllText(Path.Combine(Folder, "scratch.txt"), "not tracked");

        var revision = await SourceRevision.OfAsync(Folder, TestContext.CurrentContext.CancellationToken);

        Assert.That(revision.Sha, Does.Match("^[0-9a-f]{40}$"));
        Assert.That(revision.ShortSha, Is.EqualTo(revision.Sha[..12]));
    }

    [Test]
    public async Task Should_EndInDirty_GivenAnUncommittedChangeToATrackedFile()
    {
        var clean = await SourceRevision.OfAsync(Folder, TestContext.CurrentContext.CancellationToken);
        File.WriteAllText(Path.Combine(Folder, "params.yaml"), "seed: 2\n");

        var dirty = await SourceRevision.OfAsync(Folder, TestContext.CurrentContext.CancellationToken);

        Assert.That(dirty.Sha, Is.EqualTo(clean.Sha + "-dirty"));
        Assert.That(dirty.ShortSha, Is.EqualTo(clean.ShortSha + "-dirty"));
        Assert.That(SourceRevision.Shorten(dirty.Sha), Is.EqualTo(dirty.ShortSha), "Deploy's revision keeps the mark");
    }

    private void Git(params string[] arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
        git.WaitForExit();
        Assert.That(git.ExitCode, Is.Zero, $"git {string.Join(' ', arguments)}");
    }
}
