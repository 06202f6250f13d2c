using LibGit2Sharp;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>Deploy --environment gitops end to end: the build's Deploy target committing to a real bare repository on disk.</summary>
[CancelAfter(120_000)]
public sealed class GitOpsDeployTests : SandboxTests
{
    private const string Digest = "sha256:89a214583d982e6c88a414421bfe3c807b33e9fe67b21486a32bd09a785ce7cf";

    internal override void Prepare(BuildSandbox emptySandbox)
    {
        Repository.Init(emptySandbox.PathOf("config.git"), isBare: true);
        emptySandbox.Write("kubernetes/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: model-serving
            spec:
              template:
                spec:
                  containers:
                    - name: model-serving
                      image: model-serving:placeholder
            """);
        emptySandbox.Write("kubernetes/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: model-serving\n");
        emptySandbox.Write("artifacts/image-digest.txt", $"{Digest}\nsha256:209d83e94c4d\n");
        emptySandbox.Write("artifacts/image.json", """{ "image": "127.0.0.1:5000/pipeline/model-serving", "tags": ["latest", "ff1c956255e1"], "revision": "ff1c956255e1c3ed8e5475097f17b0d09224bd5c", "imageId": "sha256:209d83e94c4d" }""");
        emptySandbox.Write("artifacts/metrics.json", """{ "accuracy": 0.95, "macroF1": 0.948718, "trainRows": 110, "classes": { "setosa": { "f1": 1 } } }""");
    }

    [Test]
    public async Task Should_CommitTheDigestPinnedManifests_NamingTheImageSourceAndMetrics()
    {
        var run = await DeployAsync();

        using var bare = new Repository(Sandbox.PathOf("config.git"));
        var tip = bare.Branches["production"].Tip;
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(Content(tip, "deploy/prod/deployment-model-serving.yaml"), Does.Contain($"image: 127.0.0.1:5000/pipeline/model-serving@{Digest}").And.Contain("namespace: prod"));
        Assert.That(Content(tip, "deploy/prod/kustomization.yaml"), Does.Contain("- deployment-model-serving.yaml\n- service-model-serving.yaml\n"));
        Assert.That(tip.Message, Does.StartWith("Deploy 127.0.0.1:5000/pipeline/model-serving@sha256:89a214583d98").And.Contain("(built from ff1c956255e1)"));
        Assert.That(tip.Message, Does.Contain($"Image: 127.0.0.1:5000/pipeline/model-serving@{Digest}").And.Contain("Metrics: accuracy 0.95, macroF1 0.9487, trainRows 110"));
        Assert.That(run.Output, Does.Contain($"GitOps: committed {tip.Sha[..12]}").And.Contain("Deploy: deployed to production of the GitOps repository"));
    }

    [Test]
    public async Task Should_SayUnchangedAndCommitNothing_WhenTheSameImageIsDeployedAgain()
    {
        await DeployAsync();

        var again = await DeployAsync();

        using var bare = new Repository(Sandbox.PathOf("config.git"));
        Assert.That(again.ExitCode, Is.Zero, again.Output);
        Assert.That(again.Output, Does.Contain("already holds these manifests: unchanged, nothing committed").And.Contain("Deploy: unchanged"));
        Assert.That(bare.Branches["production"].Commits.Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_ShowTheChangeAndCommitNothing_GivenADryRun()
    {
        var run = await DeployAsync("--dry-run");

        using var bare = new Repository(Sandbox.PathOf("config.git"));
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("Dry run, nothing committed").And.Contain("+++ b/deploy/prod/deployment-model-serving.yaml"));
        Assert.That(bare.Branches["production"], Is.Null);
    }

    [Test]
    public async Task Should_KeepTheTokenOutOfTheOutputAndTheCommit()
    {
        Sandbox.Environment["GITOPS_TOKEN"] = "glpat-s3cr3t-value";

        var run = await DeployAsync();

        using var bare = new Repository(Sandbox.PathOf("config.git"));
        var tip = bare.Branches["production"].Tip;
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output + tip.Message + string.Concat(tip.Tree["deploy/prod"].Target.Peel<Tree>().Select(entry => ((Blob)entry.Target).GetContentText())), Does.Not.Contain("s3cr3t"));
    }

    [Test]
    public async Task Should_AskForTheRepository_GivenNone()
    {
        var run = await Sandbox.RunAsync(new GitOpsBuild(), "Deploy", "--skip", "--environment", "gitops");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("--environment gitops needs --gitops-repository"));
    }

    [Test]
    public async Task Should_NameTheKubernetesPackage_GivenGitOpsWithoutIt()
    {
        var error = await Assert.ThrowsAsync<BuildConfigurationException>(() => ((IDeploy)new LocalOnlyBuild()).DeployToGitOpsAsync("kind: Deployment\n", TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("Pipeline.Components.Kubernetes").And.Contain("IKubernetesDeploy"));
    }

    private Task<BuildRun> DeployAsync(params string[] extra) => Sandbox.RunAsync(new GitOpsBuild(),
        ["Deploy", "--skip", "--environment", "gitops", "--gitops-repository", Sandbox.PathOf("config.git"), "--gitops-branch", "production", "--namespace", "prod", .. extra]);

    private static string Content(Commit commit, string path) => ((Blob)commit[path].Target).GetContentText();

    private sealed class GitOpsBuild : PipelineBuild, IKubernetesDeploy;

    private sealed class LocalOnlyBuild : PipelineBuild, IDeploy;
}
