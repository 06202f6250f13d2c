using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>This repository's real build (build/Build.cs) training the real sample model, in a sandbox copy.</summary>
[Category("Integration")]
[CancelAfter(900_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class RepositoryBuildTests : SandboxTests
{
    internal override BuildSandbox CreateEmptySandbox() => RepositoryCopy.WithTrainingInputs();

    [Test]
    public async Task Should_Train_ThenBeUpToDate_ThenRetrainAfterParamsChange()
    {
        var first = await Sandbox.RunAsync(new global::Build(), "Train", "--skip", "Restore");
        var metrics = Sandbox.Read("artifacts/metrics.json");
        var second = await Sandbox.RunAsync(new global::Build(), "Train", "--skip", "Restore");
        Sandbox.Write("params.yaml", Sandbox.Read("params.yaml").Replace("max_iterations: 30", "max_iterations: 20"));
        var third = await Sandbox.RunAsync(new global::Build(), "Train", "--skip", "Restore");

        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(first.Output, Does.Contain("accuracy 0.").And.Match(@"Train\s.*succeeded"));
        Assert.That(metrics, Does.Contain("\"macroF1\"").And.Contain("\"logLoss\""));
        Assert.That(second.Output, Does.Match(@"Train\s.*up to date").And.Not.Contain("Training history"));
        Assert.That(third.Output, Does.Contain("changed: params.yaml").And.Contain("Training history"));
        Assert.That(Sandbox.Read("artifacts/training-history.json"), Does.Contain("\"iterations\": 20"));
    }

    [Test]
    public async Task Should_FailNamingFileAndLine_AndKeepThePreviousOutputs_GivenMalformedParamsYaml()
    {
        await Sandbox.RunAsync(new global::Build(), "Train", "--skip", "Restore");
        var lockBefore = Sandbox.Read("pipeline.lock");
        var metricsBefore = Sandbox.Read("artifacts/metrics.json");
        Sandbox.Write("params.yaml", "train:\n  seed: 42\n   test_fraction: 0.3\n");

        var run = await Sandbox.RunAsync(new global::Build(), "Train", "--skip", "Restore");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("params.yaml(3,"));
        Assert.That(Sandbox.Read("pipeline.lock"), Is.EqualTo(lockBefore));
        Assert.That(Sandbox.Read("artifacts/metrics.json"), Is.EqualTo(metricsBefore));
    }

    [Test]
    public async Task Should_LeaveNoOutputOrLockEntry_WhenInterruptedDuringTrain_AndRetrainNextTime()
    {
        Sandbox.CancelWhenOutputContains = "Training history: 1/";
        var interrupted = await Sandbox.RunAsync(new global::Build(), "Train", "--skip", "Restore");
        Sandbox.CancelWhenOutputContains = null;

        Assert.That(interrupted.ExitCode, Is.EqualTo(1));
        Assert.That(interrupted.Output, Does.Match(@"Train\s.*cancelled"));
        Assert.That(Sandbox.Exists("artifacts/metrics.json"), Is.False);
        Assert.That(Sandbox.Exists("artifacts/model/model.zip"), Is.False);
        Assert.That(Sandbox.Exists("pipeline.lock") && Sandbox.Read("pipeline.lock").Contains("Train:"), Is.False);

        var next = await Sandbox.RunAsync(new global::Build(), "Train", "--skip", "Restore");
        Assert.That(next.ExitCode, Is.Zero, next.Output);
        Assert.That(next.Output, Does.Match(@"Train\s.*succeeded"));
    }

    [Test]
    public async Task Should_WriteTheReportLocallyAfterTraining_AndPostNothing()
    {
        var run = await Sandbox.RunAsync(new global::Build(), "Report", "--skip", "Restore");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Match(@"Train\s.*succeeded").And.Contain("No baseline").And.Contain("nothing posted"));
        foreach (var file in new[] { "report.md", "report.html", "training-history.png", "confusion-matrix.png", "predictions-preview.png" })
            Assert.That(Sandbox.Exists("artifacts/report/" + file), Is.True, file);
        Assert.That(Sandbox.Read("artifacts/report/report.md"), Does.Contain("| `accuracy` | 0.95 |"));
    }

    [Test]
    public async Task Should_RestoreInsteadOfRetraining_GivenAFilledStoreAndNoArtifacts()
    {
        await Sandbox.RunAsync(new global::Build(), "Train", "--skip", "Restore", "--push");
        Directory.Delete(Sandbox.PathOf("artifacts"), recursive: true);

        var run = await Sandbox.RunAsync(new global::Build(), "Train", "--skip", "Restore", "--pull");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("outputs restored from the local store").And.Not.Contain("Training history"));
        Assert.That(Sandbox.Exists("artifacts/model/model.zip"), Is.True);
    }

    [Test]
    public async Task Should_RestoreFromABucket_GivenOutputsPushedThereByAnEarlierRun()
    {
        await using var gcs = new FakeGcs();
        Sandbox.Environment["GOOGLE_SERVICE_ACCOUNT_KEY"] = gcs.ServiceAccountKey();
        string[] bucket = ["--artifact-store", "gs://ml-artifacts/pipeline", "--gcs-endpoint", gcs.Url.ToString()];
        var push = await Sandbox.RunAsync(new global::Build(), ["Train", "--skip", "Restore", "--push", .. bucket]);
        Directory.Delete(Sandbox.PathOf("artifacts"), recursive: true);

        var pull = await Sandbox.RunAsync(new global::Build(), ["Train", "--skip", "Restore", "--pull", .. bucket]);

        Assert.That(push.ExitCode, Is.Zero, push.Output);
        Assert.That(gcs.Names("ml-artifacts"), Has.Count.GreaterThanOrEqualTo(4).And.All.StartsWith("pipeline/files/sha256/"));
        Assert.That(pull.ExitCode, Is.Zero, pull.Output);
        Assert.That(pull.Output, Does.Contain("outputs restored from the gs://ml-artifacts/pipeline").And.Not.Contain("Training history"));
        Assert.That(Sandbox.Exists("artifacts/model/model.zip"), Is.True);
        foreach (var token in gcs.IssuedTokens)
            Assert.That(push.Output + pull.Output + Sandbox.Read(".nuke/temp/build.log"), Does.Not.Contain(token));
    }

    [Test]
    public async Task Should_LeaveNoSecretInOutputLogStateOrCiFiles_GivenEverySecretSetToAMarker()
    {
        await using var gcs = new FakeGcs();
        var key = gcs.ServiceAccountKey();
        var keyMaterial = System.Text.Json.JsonDocument.Parse(key).RootElement.GetProperty("private_key").GetString()!.Split('\n')[1]; // a line of the PEM body
        var markers = new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = "marker-github-7f3a9c",
            ["GITLAB_TOKEN"] = "marker-gitlab-2b8e41",
            ["PIPELINE_REGISTRY_PASSWORD"] = "marker-registry-d5c07e",
            // a closed port: the notification fails, and its warning must not carry the URL either
            ["SLACK_WEBHOOK_URL"] = $"http://127.0.0.1:{LoopbackPort.Free()}/services/marker-slack-4e19b0",
        };
        foreach (var (name, value) in markers)
            Sandbox.Environment[name] = value;
        Sandbox.Environment["GOOGLE_SERVICE_ACCOUNT_KEY"] = key;
        string[] bucket = ["--artifact-store", "gs://ml-artifacts/pipeline", "--gcs-endpoint", gcs.Url.ToString()];
        await using var cluster = await FakeKubernetes.StartAsync();
        const string clusterToken = "marker-kubeconfig-91c4d2";
        var kubeconfig = Path.Combine(Directory.CreateTempSubdirectory("kubeconfig-").FullName, "config");
        File.WriteAllText(kubeconfig, cluster.Kubeconfig(clusterToken));
        Sandbox.Environment["KUBECONFIG"] = kubeconfig;
        Sandbox.Write("artifacts/image-digest.txt", "sha256:" + new string('a', 64)); // what Push leaves for Deploy
        foreach (var manifest in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "kubernetes")))
            Sandbox.Write("kubernetes/" + Path.GetFileName(manifest), File.ReadAllText(manifest).Replace("port: 80", $"port: {new Uri(cluster.Url).Port}", StringComparison.Ordinal));
        cluster.ExternalIp = "127.0.0.1";
        cluster.ServesTheModel = true; // the Service's port on 127.0.0.1 is the fake itself: the smoke test reaches it
        string[] toCluster = ["Deploy", "--skip", "--environment", "kubernetes", "--rollout-timeout", "5"];

        var runs = new[]
        {
            await Sandbox.RunAsync(new global::Build(), ["Train", "--skip", "Restore", "--push", .. bucket]),
            await Sandbox.RunAsync(new global::Build(), "--help"),
            await Sandbox.RunAsync(new global::Build(), "Deploy", "--plan"),
            await Sandbox.RunAsync(new global::Build(), "GenerateCI"),
            await Sandbox.RunAsync(new global::Build(), [.. toCluster, "--dry-run"]),
            await Sandbox.RunAsync(new global::Build(), toCluster),
        };
        cluster.Problem = FakeKubernetes.PodProblem.ImagePullBackOff;
        Sandbox.Write("artifacts/image-digest.txt", "sha256:" + new string('b', 64));
        var failedRollout = await Sandbox.RunAsync(new global::Build(), [.. toCluster, "--no-rollback"]);
        File.Delete(kubeconfig);

        Assert.That(runs.Select(run => run.ExitCode), Is.All.Zero, string.Join("\n", runs.Select(run => run.Output)));
        Assert.That(failedRollout.ExitCode, Is.Not.Zero, failedRollout.Output);
        Assert.That(failedRollout.Output, Does.Contain("ImagePullBackOff"), "the diagnosis was printed");
        Assert.That(cluster.BearerTokens, Has.Some.EqualTo(clusterToken), "the cluster was reached with the kubeconfig's token");
        runs = [.. runs, failedRollout];
        var places = runs.Select((run, i) => ($"console of run {i}", run.Output))
            .Concat(Directory.EnumerateFiles(Sandbox.PathOf(".nuke"), "*", SearchOption.AllDirectories).Select(file => (file, File.ReadAllText(file))))
            .Concat(new[] { ".github/workflows/pipeline.yml", ".gitlab-ci.yml" }.Select(file => (file, Sandbox.Read(file))))
            .ToList();
        Assert.That(places, Has.Count.GreaterThan(6), "console, build log, lock, schema, hash cache and CI files were read");
        foreach (var secret in markers.Values.Append(keyMaterial).Append(clusterToken).Concat(gcs.IssuedTokens))
            foreach (var (place, text) in places)
                Assert.That(text, Does.Not.Contain(secret), $"a secret leaked into {place}");
        Assert.That(runs[1].Output, Does.Contain("env GITHUB_TOKEN; value ***"), "help shows that it is set, masked");
        Assert.That(runs[5].Output, Does.Contain("warning: Slack notification: Slack could not be reached"), "the notification was tried, and its failure is a warning");
    }

    [Test]
    public async Task Should_PassCheckCI_GivenTheCommittedCiFiles()
    {
        // the CI files, and the files their cache key is computed from (CiPipeline.ExistingCacheKeyFiles)
        foreach (var file in new[] { ".github/workflows/pipeline.yml", ".gitlab-ci.yml" }.Concat(Pipeline.CI.Declaration.CiPipeline.CacheKeyCandidates))
        {
            if (File.Exists(Path.Combine(RepositoryRoot.Path, file)))
                Sandbox.Write(file, File.ReadAllText(Path.Combine(RepositoryRoot.Path, file)));
        }

        var run = await Sandbox.RunAsync(new global::Build(), "CheckCI");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("The CI files match the target graph."));
    }

    [Test]
    public async Task Should_ListEveryTargetAndParameter_GivenHelp()
    {
        var run = await Sandbox.RunAsync(new global::Build(), "--help");

        Assert.That(run.ExitCode, Is.Zero);
        foreach (var target in new[] { "Restore", "TrackData", "Train", "Test" })
            Assert.That(run.Output, Does.Match($@"\n  {target}\s+\S"), target);
        Assert.That(run.Output, Does.Contain("--test-filter").And.Contain("--lock-timeout"));
    }
}
