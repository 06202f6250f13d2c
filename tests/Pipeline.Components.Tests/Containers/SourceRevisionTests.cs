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

    [Test]
    public async Task Should_EndInDirty_GivenAnUntrackedFileAmongTheImagesInputs_ButNotAnIgnoredOrUnrelatedOne()
    {
        string[] inputs = ["Containerfile", "serve.py", "artifacts/model", "src/**/*.py"];
        File.WriteAllText(Path.Combine(Folder, ".gitignore"), "artifacts/\n");
        Git("add", ".gitignore");
        Git("-c", "user.email=ci@example.invalid", "-c", "user.name=CI", "commit", "-qm", "ignore artifacts");
        Directory.CreateDirectory(Path.Combine(Folder, "artifacts/model"));
        File.WriteAllText(Path.Combine(Folder, "artifacts/model/model.json"), "{}");
        File.WriteAllText(Path.Combine(Folder, "notes.txt"), "not an input");

        var clean = await SourceRevision.OfAsync(Folder, inputs, TestContext.CurrentContext.CancellationToken);
        Directory.CreateDirectory(Path.Combine(Folder, "src/app"));
        File.WriteAllText(Path.Combine(Folder, "src/app/serve.py"), "print('new')");
        var dirty = await SourceRevision.OfAsync(Folder, inputs, TestContext.CurrentContext.CancellationToken);

        Assert.That(clean.IsDirty, Is.False, "the ignored model and an unrelated file leave it clean");
        Assert.That(dirty.IsDirty, Is.True, "a new file matched by an input glob makes it dirty");
        Assert.That(dirty.Sha, Is.EqualTo(clean.Sha + "-dirty"));
    }

    [Test]
    public void Should_TagADirtyImageWithItsContent_AndMatchInputsAsPathsFoldersOrGlobs()
    {
        var dirty = new SourceRevision("0123456789abcdef0123-dirty", "0123456789ab-dirty", 0, "file:///x");

        Assert.That(dirty.DirtyTag("sha256:fedcba9876543210fedcba"), Is.EqualTo("0123456789ab-dirty-fedcba987654"));
        Assert.That(SourceRevision.AnyMatches(["ml/Containerfile"], ["ml/Containerfile"]), Is.True);
        Assert.That(SourceRevision.AnyMatches(["artifacts/model/"], ["artifacts/model/weights/a.bin"]), Is.True);
        Assert.That(SourceRevision.AnyMatches(["src/**/*.cs"], ["src/App/Program.cs"]), Is.True);
        Assert.That(SourceRevision.AnyMatches(["src/**/*.cs", "ml/serve.py"], ["ml/serve.py.orig", "README.md"]), Is.False);
    }

    private void Git(params string[] arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
        git.WaitForExit();
        Assert.That(git.ExitCode, Is.Zero, $"git {string.Join(' ', arguments)}");
    }
}
