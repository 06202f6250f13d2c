using System.Text.Json.Nodes;
using LibGit2Sharp;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Kubernetes.GitOps;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>Deploy --environment gitops end to end: the build's Deploy target committing to a real bare repository on disk.</summary>
[CancelAfter(120_000)]
public sealed class GitOpsDeployTests : SandboxTests
{
    private const string Digest = GitOpsSandbox.Digest;

    internal override void Prepare(BuildSandbox emptySandbox) => GitOpsSandbox.Prepare(emptySandbox);

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
        Assert.That(tip.Message, Does.Contain($"Image: 127.0.0.1:5000/pipeline/model-serving@{Digest}").And.Contain("Metrics: accuracy 0.95, macroF1 0.948718, trainRows 110"));
        Assert.That(run.Output, Does.Contain($"GitOps: committed {tip.Sha[..12]}").And.Contain("Deploy: deployed to production of the GitOps repository"));
    }

    [Test]
    public async Task Should_CommitWhereConfigureGitOpsSays_OverTheParameters()
    {
        var run = await Sandbox.RunAsync(new ConfiguredGitOpsBuild(),
            ["Deploy", "--skip", "--environment", "gitops", "--gitops-repository", Sandbox.PathOf("config.git"), "--gitops-branch", "production", "--namespace", "prod"]);

        using var bare = new Repository(Sandbox.PathOf("config.git"));
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(bare.Branches["production"], Is.Null, "the hook's branch won over --gitops-branch");
        Assert.That(Content(bare.Branches["staging"].Tip, "apps/iris/deployment-model-serving.yaml"), Does.Contain($"@{Digest}"));
        Assert.That(new GitOpsSettings { Token = "ghp_secret" }.ToString(), Does.Not.Contain("ghp_secret"), "settings never print their token");
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
        var run = await Sandbox.RunAsync(new GitOpsSandbox.GitOpsBuild(), "Deploy", "--skip", "--environment", "gitops");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("--environment gitops needs --gitops-repository"));
    }

    [Test]
    public async Task Should_NameTheKubernetesPackage_GivenGitOpsWithoutIt()
    {
        var run = await Sandbox.RunAsync(new LocalOnlyBuild(), "Deploy", "--skip", "--environment", "gitops");

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Output, Does.Contain("--environment gitops needs the GitOps back-end: reference the package Pipeline.Components.Kubernetes and add IKubernetesDeploy"));
    }

    [Test]
    public async Task Should_WaitUntilArgoCdHasSyncedTheCommitAndItIsHealthy()
    {
        await using var cluster = await FakeKubernetes.StartAsync();
        var reads = 0;
        cluster.CustomObjects["applications/argocd/model-serving"] = () => Application(++reads < 3 ? "Progressing" : "Healthy", TipOrNone());

        var run = await DeployAsync(["--gitops-wait", "argocd:argocd/model-serving", "--kubeconfig", Kubeconfig(cluster)]);

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("Waiting for Argo CD Application argocd/model-serving to apply").And.Contain($"Argo CD Application argocd/model-serving: revision {TipOrNone()[..12]}, Synced, Healthy."));
        Assert.That(cluster.Requests.Where(request => request.Method != "GET"), Is.Empty, "waiting only reads the Application");
    }

    [Test]
    public async Task Should_ExplainTheFailureAndRevertTheCommit_WhenArgoCdReportsItDegraded()
    {
        await using var cluster = await FakeKubernetes.StartAsync();
        cluster.Problem = FakeKubernetes.PodProblem.ImagePullBackOff;
        cluster.Store("deployments", "prod", "model-serving", (JsonObject)JsonNode.Parse("""
            { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "model-serving", "namespace": "prod" },
              "spec": { "selector": { "matchLabels": { "app": "model-serving" } }, "template": { "spec": { "containers": [ { "name": "model-serving", "image": "x" } ] } } } }
            """)!);
        cluster.CustomObjects["applications/argocd/model-serving"] = () => Application("Degraded", TipOrNone());

        var run = await DeployAsync(["--gitops-wait", "argocd:argocd/model-serving", "--kubeconfig", Kubeconfig(cluster)]);

        using var bare = new Repository(Sandbox.PathOf("config.git"));
        var history = bare.Branches["production"].Commits.ToList();
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Output, Does.Contain("ImagePullBackOff: pod model-serving-7d4b9 cannot pull").And.Contain("Rolled back the GitOps way: reverted"));
        Assert.That(history, Has.Count.EqualTo(2));
        Assert.That(history[0].Message, Does.StartWith("Revert \"Deploy "));
        Assert.That(history[0]["deploy/prod/deployment-model-serving.yaml"], Is.Null, "the revert takes the first deploy's manifests away again");
    }

    [Test]
    public async Task Should_StopWaitingAndRevertNothing_WhenTheControllerNeverShowsTheCommit()
    {
        await using var cluster = await FakeKubernetes.StartAsync();
        cluster.CustomObjects["applications/argocd/model-serving"] = () => Application("Healthy", "0000000000000000000000000000000000000000");

        var run = await DeployAsync(["--gitops-wait", "argocd:argocd/model-serving", "--kubeconfig", Kubeconfig(cluster), "--rollout-timeout", "1"]);

        using var bare = new Repository(Sandbox.PathOf("config.git"));
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Output, Does.Contain("did not apply").And.Contain("within 1 s").And.Contain("Nothing was reverted"));
        Assert.That(bare.Branches["production"].Commits.Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_WaitUntilFluxHasAppliedTheCommitAndIsReady()
    {
        await using var cluster = await FakeKubernetes.StartAsync();
        cluster.CustomObjects["kustomizations/flux-system/apps"] = () => (JsonObject)JsonNode.Parse($$"""
            { "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": { "name": "apps", "namespace": "flux-system" },
              "status": { "lastAppliedRevision": "production@sha1:{{TipOrNone()}}", "lastAttemptedRevision": "production@sha1:{{TipOrNone()}}",
                          "conditions": [ { "type": "Ready", "status": "True", "reason": "ReconciliationSucceeded", "message": "Applied revision" } ] } }
            """)!;

        var run = await DeployAsync(["--gitops-wait", "flux:flux-system/apps", "--kubeconfig", Kubeconfig(cluster)]);

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("Flux Kustomization flux-system/apps: applied production@sha1:"));
    }

    private string TipOrNone()
    {
        using var bare = new Repository(Sandbox.PathOf("config.git"));
        return bare.Branches["production"]?.Tip.Sha ?? "0000000000000000000000000000000000000000";
    }

    private string Kubeconfig(FakeKubernetes cluster)
    {
        Sandbox.Write("kubeconfig", cluster.Kubeconfig("reader-token"));
        return Sandbox.PathOf("kubeconfig");
    }

    private static JsonObject Application(string health, string revision) => (JsonObject)JsonNode.Parse($$"""
        { "apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "metadata": { "name": "model-serving", "namespace": "argocd" },
          "status": { "sync": { "status": "Synced", "revision": "{{revision}}" }, "health": { "status": "{{health}}" },
                      "resources": [ { "kind": "Deployment", "name": "model-serving", "namespace": "prod", "health": { "status": "{{health}}" } } ] } }
        """)!;

    private Task<BuildRun> DeployAsync(params string[] extra) => GitOpsSandbox.DeployAsync(Sandbox, extra);

    private static string Content(Commit commit, string path) => ((Blob)commit[path].Target).GetContentText();

    private sealed class LocalOnlyBuild : PipelineBuild, IDeploy;

    private sealed class ConfiguredGitOpsBuild : PipelineBuild, IKubernetesDeploy
    {
        GitOpsSettings IKubernetesDeploy.ConfigureGitOps(GitOpsSettings settings) => settings with { Branch = "staging", Path = "apps/iris" };
    }
}
