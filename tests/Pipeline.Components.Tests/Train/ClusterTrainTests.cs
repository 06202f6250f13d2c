using System.Diagnostics;
using System.Text.Json.Nodes;
using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Components.Train;
using Pipeline.Components.Kubernetes.Training;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Train;

/// <summary>
/// <c>--train-on kubernetes</c> through the build against the fake Kubernetes API. The test plays the pod: when the
/// Job is posted it runs the Job's own hand-off shell and command with sh, against the store directory — so the
/// inputs really travel through the store and the outputs really come back through it.
/// </summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ClusterTrainTests : SandboxTests
{
    private const string Image = "registry.example/acme/iris-train@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private FakeKubernetes cluster = null!;

    internal override void Prepare(BuildSandbox emptySandbox)
    {
        emptySandbox.Write("data/rows.csv", "x\n1\n2\n");
        emptySandbox.Write("params.yaml", "train:\n  epochs: 2\n");
        emptySandbox.Write("train.sh", "mkdir -p artifacts/model && cat data/rows.csv params.yaml > artifacts/model/weights.txt && echo '{\"accuracy\": 0.9}' > artifacts/metrics.json && echo trained on $(wc -l < data/rows.csv) lines\n");
    }

    [SetUp]
    public async Task StartCluster()
    {
        cluster = await FakeKubernetes.StartAsync();
        Sandbox.Write("kubeconfig", cluster.Kubeconfig("token"));
        Sandbox.Environment["KUBECONFIG"] = Sandbox.PathOf("kubeconfig");
        cluster.Jobs.Created = PlayThePod;
    }

    [TearDown]
    public async Task StopCluster() => await cluster.DisposeAsync();

    [Test]
    public async Task Should_SubmitTheJob_StreamItsLog_RestoreTheOutputs_AndLockThemAsALocalTrainWould()
    {
        var remote = await Sandbox.RunAsync(new ClusterTrainBuild(), "Train", "--skip", "Restore", "--train-on", "kubernetes");

        Assert.That(remote.ExitCode, Is.Zero, remote.Output);
        Assert.That(remote.Output, Does.Contain("train> trained on 3 lines").And.Contain("train> pipeline: published 2 output files").And.Contain("Submitted Job default/train-").And.Contain("Restored 2 output files"));
        Assert.That(Sandbox.Read("artifacts/model/weights.txt"), Does.StartWith("x\n1\n2\ntrain:"));
        var remoteLock = Sandbox.Read("pipeline.lock");

        using var local = new BuildSandbox();
        Prepare(local);
        var localRun = await local.RunAsync(new ClusterTrainBuild(), "Train", "--skip", "Restore");
        Assert.That(localRun.ExitCode, Is.Zero, localRun.Output);
        Assert.That(LockFileLines.Outputs(remoteLock), Is.EqualTo(LockFileLines.Outputs(local.Read("pipeline.lock"))).And.Not.Empty, "the same outputs, hash for hash");
    }

    [Test]
    public async Task Should_PutTheDigest_Command_Resources_StoreAndInputsLabel_InTheJob()
    {
        cluster.Jobs.Status = read => read >= 2 ? new JsonObject { ["succeeded"] = 3 } : new JsonObject { ["active"] = 3 };
        await Sandbox.RunAsync(new ClusterTrainBuild { Settings = new ClusterTrainSettings { Image = Image, StoreClaim = "pipeline-store", Cpu = "4", Memory = "8Gi", Gpus = 1, Workers = 3, ServiceAccount = "trainer", NodeSelector = new Dictionary<string, string> { ["pool"] = "gpu" }, Tolerations = ["nvidia.com/gpu:NoSchedule"] } },
            "Train", "--skip", "Restore", "--train-on", "kubernetes");

        var job = cluster.Jobs.Posted.Values.Single();
        var spec = job["spec"]!;
        var pod = spec["template"]!["spec"]!;
        var container = pod["containers"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That(container["image"]!.GetValue<string>(), Is.EqualTo(Image));
            Assert.That(container["command"]!.AsArray().Select(a => a!.GetValue<string>()).TakeLast(2), Is.EqualTo(new[] { "sh", "train.sh" }));
            Assert.That(container["resources"]!["limits"]!["cpu"]!.GetValue<string>(), Is.EqualTo("4"));
            Assert.That(container["resources"]!["limits"]!["memory"]!.GetValue<string>(), Is.EqualTo("8Gi"));
            Assert.That(container["resources"]!["limits"]!["nvidia.com/gpu"]!.GetValue<string>(), Is.EqualTo("1"));
            Assert.That(container["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()), Is.SupersetOf(new[] { "PIPELINE_INPUTS", "PIPELINE_OUTPUTS", "PIPELINE_STORE", "PIPELINE_STORE_LAYOUT" }));
            Assert.That(pod["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "store")!["persistentVolumeClaim"]!["claimName"]!.GetValue<string>(), Is.EqualTo("pipeline-store"));
            Assert.That(pod["serviceAccountName"]!.GetValue<string>(), Is.EqualTo("trainer"));
            Assert.That(pod["nodeSelector"]!["pool"]!.GetValue<string>(), Is.EqualTo("gpu"));
            Assert.That(pod["tolerations"]![0]!["operator"]!.GetValue<string>(), Is.EqualTo("Exists"));
            Assert.That(pod["restartPolicy"]!.GetValue<string>(), Is.EqualTo("Never"));
            Assert.That(spec["completionMode"]!.GetValue<string>(), Is.EqualTo("Indexed"));
            Assert.That(spec["completions"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(spec["backoffLimit"]!.GetValue<int>(), Is.Zero);
            Assert.That(job["metadata"]!["labels"]!["pipeline.dev/train-inputs"]!.GetValue<string>(), Does.Match("^[0-9a-f]{63}$"));
        });
    }

    [Test]
    public async Task Should_HandOverThroughABucket_AsCloudStorageFuseShowsItToThePod()
    {
        await using var gcs = new FakeGcs();
        Sandbox.Environment["GOOGLE_SERVICE_ACCOUNT_KEY"] = gcs.ServiceAccountKey();
        var mount = Sandbox.PathOf(".gcsfuse");
        cluster.Jobs.Created = job =>
        {
            // gcsfuse: the bucket's objects under the prefix appear as files, and files written become objects
            foreach (var name in gcs.Names("models-cache").Where(name => name.StartsWith("cache/", StringComparison.Ordinal)))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(mount, name["cache/".Length..]))!);
                File.WriteAllBytes(Path.Combine(mount, name["cache/".Length..]), gcs.Get("models-cache", name)!);
            }

            PlayThePod(job, mount);
            foreach (var file in Directory.EnumerateFiles(mount, "*", SearchOption.AllDirectories))
                gcs.Put("models-cache", "cache/" + Path.GetRelativePath(mount, file), File.ReadAllBytes(file));
        };

        var run = await Sandbox.RunAsync(new ClusterTrainBuild { Settings = new ClusterTrainSettings { Image = Image } },
            "Train", "--skip", "Restore", "--train-on", "kubernetes", "--artifact-store", "gs://models-cache/cache", "--gcs-endpoint", gcs.Url.ToString());

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(Sandbox.Read("artifacts/model/weights.txt"), Does.StartWith("x\n1\n2\ntrain:"));
        Assert.That(gcs.Names("models-cache"), Has.Some.StartsWith("cache/files/sha256/"));
    }

    [Test]
    public void Should_MountABucketStoreThroughCloudStorageFuse_WithTheBucketLayout()
    {
        var store = TrainingStore.Of(Sandbox.Root, "gs://models-cache/cache");
        var handOff = new TrainingHandOff(new LocalArtifactStore(Sandbox.PathOf("unused")), new string('a', 64), new string('b', 64));

        var job = TrainingJob.Create(new TrainingImageReference(Image, "/bin/sh"), new TrainSettings { Command = ["python3", "train.py"] }, new ClusterTrainSettings { ServiceAccount = "trainer" }, store, handOff, "models");

        var pod = job.Spec.Template;
        var volume = pod.Spec.Volumes.Single(v => v.Name == "store");
        Assert.That(volume.Csi.Driver, Is.EqualTo("gcsfuse.csi.storage.gke.io"));
        Assert.That(volume.Csi.VolumeAttributes["bucketName"], Is.EqualTo("models-cache"));
        Assert.That(volume.Csi.VolumeAttributes["mountOptions"], Is.EqualTo("implicit-dirs,only-dir=cache"));
        Assert.That(pod.Metadata.Annotations["gke-gcsfuse/volumes"], Is.EqualTo("true"));
        Assert.That(pod.Spec.Containers[0].Env.Single(e => e.Name == "PIPELINE_STORE_LAYOUT").Value, Is.EqualTo("bucket"));
        Assert.That(pod.Spec.Containers[0].Env.Single(e => e.Name == "PIPELINE_INPUTS").Value, Is.EqualTo(new string('b', 64)));
    }

    [Test]
    public async Task Should_SubmitNothing_WhenTrainIsUpToDate()
    {
        var first = await Sandbox.RunAsync(new ClusterTrainBuild(), "Train", "--skip", "Restore", "--train-on", "kubernetes");
        var second = await Sandbox.RunAsync(new ClusterTrainBuild(), "Train", "--skip", "Restore", "--train-on", "kubernetes");

        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(second.Output, Does.Match(@"Train\s.*up to date"));
        Assert.That(cluster.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/jobs", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_ExplainTheExit_WithTheLastLogLines_AndRecordNothing_WhenTheTrainingFails()
    {
        cluster.Jobs.Created = null;
        cluster.Jobs.Log = "loading data\nValueError: could not convert string to float: 'x'\n";
        cluster.Jobs.Status = read => read >= 2 ? new JsonObject { ["failed"] = 1 } : new JsonObject { ["active"] = 1 };
        cluster.Jobs.Pod = () => new JsonObject
        {
            ["phase"] = "Failed",
            ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "train", ["image"] = Image, ["imageID"] = "", ["ready"] = false, ["restartCount"] = 0, ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error" } } }),
        };

        var run = await Sandbox.RunAsync(new ClusterTrainBuild(), "Train", "--skip", "Restore", "--train-on", "kubernetes");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("exited with code 1").And.Contain("ValueError: could not convert"));
        Assert.That(Sandbox.Exists("pipeline.lock"), Is.False);
        Assert.That(cluster.Jobs.Deleted, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Should_NameTheMemoryLimit_WhenTheTrainingIsOomKilled()
    {
        cluster.Jobs.Created = null;
        cluster.Jobs.Status = read => read >= 2 ? new JsonObject { ["failed"] = 1 } : new JsonObject { ["active"] = 1 };
        cluster.Jobs.Pod = () => new JsonObject
        {
            ["phase"] = "Failed",
            ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "train", ["image"] = Image, ["imageID"] = "", ["ready"] = false, ["restartCount"] = 0, ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 137, ["reason"] = "OOMKilled" } } }),
        };

        var run = await Sandbox.RunAsync(new ClusterTrainBuild(), "Train", "--skip", "Restore", "--train-on", "kubernetes");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("OOMKilled").And.Contain("2Gi").And.Contain("ClusterTrainSettings.Memory"));
    }

    [Test]
    public async Task Should_ExplainAnImagePullBackOff_AtOnce()
    {
        cluster.Jobs.Created = null;
        cluster.Jobs.Status = _ => new JsonObject { ["active"] = 1 };
        cluster.Jobs.Pod = () => new JsonObject
        {
            ["phase"] = "Pending",
            ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "train", ["image"] = Image, ["imageID"] = "", ["ready"] = false, ["restartCount"] = 0, ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ImagePullBackOff", ["message"] = "Back-off pulling image" } } }),
        };

        var run = await Sandbox.RunAsync(new ClusterTrainBuild(), "Train", "--skip", "Restore", "--train-on", "kubernetes");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("ImagePullBackOff").And.Contain(Image));
        Assert.That(cluster.Jobs.Deleted, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Should_GiveTheSchedulersReason_WhenThePodNeverScheduled()
    {
        cluster.Jobs.Created = null;
        cluster.Jobs.Status = read => read >= 2 ? new JsonObject { ["failed"] = 1, ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Failed", ["status"] = "True", ["reason"] = "DeadlineExceeded" }) } : new JsonObject { ["active"] = 1 };
        cluster.Jobs.Pod = () => new JsonObject { ["phase"] = "Pending" };

        var run = await Sandbox.RunAsync(new ClusterTrainBuild(), "Train", "--skip", "Restore", "--train-on", "kubernetes");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("is not scheduled: 0/3 nodes are available: 3 Insufficient cpu."));
    }

    [Test]
    public async Task Should_DeleteTheJob_WhenTheBuildIsCancelled()
    {
        cluster.Jobs.Created = null;
        cluster.Jobs.Status = _ => new JsonObject { ["active"] = 1 };
        Sandbox.CancelWhenOutputContains = "train> epoch 2/2";

        var run = await Sandbox.RunAsync(new ClusterTrainBuild(), "Train", "--skip", "Restore", "--train-on", "kubernetes");

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(cluster.Jobs.Deleted, Has.Count.EqualTo(1));
        Assert.That(cluster.Requests, Has.Some.Matches<(string Method, string Path, string? ContentType, string Query)>(r => r.Method == "DELETE" && r.Query.Contains("propagationPolicy=Foreground", StringComparison.Ordinal)));
        Assert.That(Sandbox.Exists("pipeline.lock"), Is.False);
    }

    [Test]
    public async Task Should_SayWhatToSet_GivenAnInProcessTrainingOrNoStoreClaim()
    {
        var inProcess = await Sandbox.RunAsync(new ClusterTrainBuild { Command = [] }, "Train", "--skip", "Restore", "--train-on", "kubernetes");
        var noClaim = await Sandbox.RunAsync(new ClusterTrainBuild { Settings = new ClusterTrainSettings { Image = Image } }, "Train", "--skip", "Restore", "--train-on", "kubernetes");

        Assert.That(inProcess.Output, Does.Contain("TrainSettings.Command"));
        Assert.That(noClaim.Output, Does.Contain("ClusterTrainSettings.StoreClaim"));
        Assert.That(cluster.Jobs.Posted, Is.Empty);
    }

    /// <summary>What the pod does: the Job's own shell (hand-off and command) run with sh against the sandbox's store.</summary>
    private void PlayThePod(JsonObject job) => PlayThePod(job, Sandbox.PathOf(BuildLayout.CacheDirectory));

    private void PlayThePod(JsonObject job, string store)
    {
        var container = job["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var work = Path.Combine(Sandbox.Root, ".pod-work");
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in container["command"]!.AsArray().Skip(1))
            start.ArgumentList.Add(argument!.GetValue<string>());
        foreach (var variable in container["env"]!.AsArray())
            start.Environment[variable!["name"]!.GetValue<string>()] = variable["value"]!.GetValue<string>();
        start.Environment["PIPELINE_STORE"] = store;
        start.Environment["PIPELINE_WORKDIR"] = work;
        using var pod = Process.Start(start)!;
        var output = pod.StandardOutput.ReadToEnd() + pod.StandardError.ReadToEnd();
        pod.WaitForExit();
        Assert.That(pod.ExitCode, Is.Zero, output);
        cluster.Jobs.Log = output;
        var published = output.Split('\n').Single(line => line.Contains("outputs list", StringComparison.Ordinal));
        var message = published[published.IndexOf("outputs list", StringComparison.Ordinal)..]; // what the shell writes to /dev/termination-log in a real pod
        cluster.Jobs.Pod = () => new JsonObject
        {
            ["phase"] = "Succeeded",
            ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "train", ["image"] = Image, ["imageID"] = "", ["ready"] = false, ["restartCount"] = 0, ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["message"] = message } } }),
        };
    }


    private sealed class ClusterTrainBuild : PipelineBuild, IClusterTrain
    {
        public IReadOnlyList<string> Command { get; init; } = ["sh", "train.sh"];

        public ClusterTrainSettings Settings { get; init; } = new() { Image = Image, StoreClaim = "pipeline-store" };

        TrainSettings ITrain.ConfigureTrain(TrainSettings settings) => settings with { Command = Command, Outputs = ["artifacts/model", "artifacts/metrics.json"] };

        ClusterTrainSettings IClusterTrain.ConfigureClusterTrain(ClusterTrainSettings settings) => Settings;
    }
}
