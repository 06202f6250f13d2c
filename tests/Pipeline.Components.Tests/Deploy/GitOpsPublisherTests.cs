using LibGit2Sharp;
using Pipeline.Components.Kubernetes.GitOps;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>GitOps publishing against a real bare repository on disk (libgit2 over the local transport).</summary>
[CancelAfter(60_000)]
public sealed class GitOpsPublisherTests : SandboxTests
{
    private static readonly Signature Author = new("Pipeline", "pipeline@example.test", DateTimeOffset.UnixEpoch);

    private string Bare => Sandbox.PathOf("config.git");

    internal override void Prepare(BuildSandbox emptySandbox) => Repository.Init(emptySandbox.PathOf("config.git"), isBare: true);

    [Test]
    public async Task Should_CommitTheManifestsToTheBranch_GivenAnEmptyRepository()
    {
        var result = await PublishAsync(new() { ["deployment-web.yaml"] = "kind: Deployment\n" }, "Deploy web@sha256:abc");

        using var bare = new Repository(Bare);
        var tip = bare.Branches["production"].Tip;
        Assert.That(result.Changed, Is.True);
        Assert.That(result.Commit, Is.EqualTo(tip.Sha));
        Assert.That(tip.Message, Is.EqualTo("Deploy web@sha256:abc\n"));
        Assert.That(Content(tip, "deploy/prod/deployment-web.yaml"), Is.EqualTo("kind: Deployment\n"));
    }

    [Test]
    public async Task Should_MakeNoCommit_WhenTheFilesAreAlreadyOnTheBranch()
    {
        var first = await PublishAsync(new() { ["deployment-web.yaml"] = "kind: Deployment\n" }, "first");

        var second = await PublishAsync(new() { ["deployment-web.yaml"] = "kind: Deployment\n" }, "second");

        using var bare = new Repository(Bare);
        Assert.That(second.Changed, Is.False);
        Assert.That(bare.Branches["production"].Commits.Count(), Is.EqualTo(1));
        Assert.That(bare.Branches["production"].Tip.Sha, Is.EqualTo(first.Commit));
    }

    [Test]
    public async Task Should_ReplaceTheFoldersYaml_AndKeepItsOtherFiles()
    {
        Seed("production", new() { ["deploy/prod/service-old.yaml"] = "kind: Service\n", ["deploy/prod/README.md"] = "ours\n", ["other/app.yaml"] = "kept\n" });

        await PublishAsync(new() { ["deployment-web.yaml"] = "kind: Deployment\n" }, "replace");

        using var bare = new Repository(Bare);
        var tip = bare.Branches["production"].Tip;
        Assert.That(tip.Parents.Count(), Is.EqualTo(1), "committed on top of the branch's history");
        Assert.That(tip["deploy/prod/service-old.yaml"], Is.Null);
        Assert.That(Content(tip, "deploy/prod/README.md"), Is.EqualTo("ours\n"));
        Assert.That(Content(tip, "other/app.yaml"), Is.EqualTo("kept\n"));
        Assert.That(Content(tip, "deploy/prod/deployment-web.yaml"), Is.EqualTo("kind: Deployment\n"));
    }

    [Test]
    public async Task Should_StartAMissingBranchFromTheDefaultBranch()
    {
        var main = Seed("main", new() { ["README.md"] = "config\n" });

        await PublishAsync(new() { ["deployment-web.yaml"] = "kind: Deployment\n" }, "first deploy");

        using var bare = new Repository(Bare);
        Assert.That(bare.Branches["production"].Tip.Parents.Single().Sha, Is.EqualTo(main));
        Assert.That(bare.Branches["main"].Tip.Sha, Is.EqualTo(main), "the default branch is not touched");
    }

    [Test]
    public async Task Should_DescribeTheChangeAndCommitNothing_GivenADryRun()
    {
        var result = await new GitOpsPublisher(Sandbox.PathOf("work"), new RecordingLog())
            .PublishAsync(Target(), new Dictionary<string, string> { ["deployment-web.yaml"] = "kind: Deployment\n" }, "dry", Author, dryRun: true, TestContext.CurrentContext.CancellationToken);

        using var bare = new Repository(Bare);
        Assert.That(result.Diff, Does.Contain("+++ b/deploy/prod/deployment-web.yaml").And.Contain("+kind: Deployment"));
        Assert.That(bare.Branches["production"], Is.Null);
    }

    [Test]
    public async Task Should_RefuseATokenInTheUrl_WithoutShowingIt()
    {
        var target = Target() with { Repository = "https://deploy:s3cr3t-token@git.example.test/team/config.git" };

        var exception = await Assert.ThrowsAsync<GitOpsException>(() => new GitOpsPublisher(Sandbox.PathOf("work"), new RecordingLog())
            .PublishAsync(target, new Dictionary<string, string>(), "x", Author, dryRun: false, TestContext.CurrentContext.CancellationToken));

        Assert.That(exception!.Message, Does.Contain("--gitops-token").And.Not.Contain("s3cr3t-token"));
    }

    [Test]
    public async Task Should_NameTheFix_WhenNoRepositoryIsThere()
    {
        var target = Target() with { Repository = Sandbox.PathOf("missing.git") };

        var exception = await Assert.ThrowsAsync<GitOpsException>(() => new GitOpsPublisher(Sandbox.PathOf("work"), new RecordingLog())
            .PublishAsync(target, new Dictionary<string, string>(), "x", Author, dryRun: false, TestContext.CurrentContext.CancellationToken));

        Assert.That(exception!.Message, Does.Contain("git init --bare"));
        Assert.That(Directory.Exists(Sandbox.PathOf("work")) ? Directory.GetFileSystemEntries(Sandbox.PathOf("work")) : [], Is.Empty, "no working copy left behind");
    }

    private GitOpsTarget Target() => new(Bare, "production", "deploy/prod", "git", Token: null);

    private Task<GitOpsResult> PublishAsync(Dictionary<string, string> files, string message) =>
        new GitOpsPublisher(Sandbox.PathOf("work"), new RecordingLog()).PublishAsync(Target(), files, message, Author, dryRun: false, TestContext.CurrentContext.CancellationToken);

    /// <summary>Commits files to a branch of the bare repository, as another writer would; returns the commit.</summary>
    private string Seed(string branch, Dictionary<string, string> files)
    {
        var work = Sandbox.PathOf("seed-" + branch);
        Repository.Init(work);
        using var repository = new Repository(work);
        foreach (var (path, content) in files)
            Sandbox.Write(Path.GetRelativePath(Sandbox.Root, Path.Combine(work, path)), content);
        Commands.Stage(repository, "*");
        repository.Refs.UpdateTarget("HEAD", "refs/heads/" + branch);
        var commit = repository.Commit("seed " + branch, Author, Author);
        repository.Network.Remotes.Add("origin", Bare);
        repository.Network.Push(repository.Network.Remotes["origin"], $"refs/heads/{branch}:refs/heads/{branch}");
        if (branch == "main")
            using (var bare = new Repository(Bare))
                bare.Refs.UpdateTarget("HEAD", "refs/heads/main");
        return commit.Sha;
    }

    private static string Content(Commit commit, string path) => ((Blob)commit[path].Target).GetContentText();
}
