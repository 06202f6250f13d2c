using System.Text.Json.Nodes;
using k8s;
using Pipeline.Components.Deploy;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;
using YamlDotNet.RepresentationModel;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>
/// Deploy applies whatever the manifests folder holds, as <c>kubectl apply --server-side --prune --applyset</c> would:
/// a folder shaped like a real model service (Deployment, Service, ConfigMap, Ingress, HPA, a KServe InferenceService
/// with its CRD) against the fake API server, which holds every object to the real schemas.
/// </summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class AnyKindDeployTests : SandboxTests
{
    private const string Image = "127.0.0.1:5000/pipeline/model-serving@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string ModelImage = "127.0.0.1:5000/pipeline/model-serving-model@sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    private readonly DeploySettings settings = new() { Container = "model-serving", Namespace = "models", RolloutTimeout = TimeSpan.FromSeconds(1) };
    private FakeKubernetes cluster = null!;
    private RecordingLog log = null!;

    [SetUp]
    public async Task Start()
    {
        cluster = await FakeKubernetes.StartAsync();
        log = new RecordingLog();
    }

    [TearDown]
    public async Task Stop() => await cluster.DisposeAsync();

    internal override void Prepare(BuildSandbox emptySandbox) => WriteServiceFolder(emptySandbox);

    [Test]
    public async Task Should_ApplyEveryKind_InDependencyOrder_AndWaitForEachByItsOwnRule()
    {
        var (outcome, endpoint, _) = await Deployer().DeployAsync(Render(), settings with { RolloutTimeout = TimeSpan.FromSeconds(5) }, TestContext.CurrentContext.CancellationToken);

        Assert.That(outcome, Is.EqualTo(DeployOutcome.Deployed));
        Assert.That(endpoint, Is.EqualTo("203.0.113.10"));
        var applied = cluster.Requests.Where(r => r.Method == "PATCH").Select(r => r.Path).ToList();
        Assert.That(applied, Is.EqualTo(new[]
        {
            "/api/v1/namespaces/models/secrets/pipeline-model-serving",
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/inferenceservices.serving.kserve.io",
            "/api/v1/namespaces/models/configmaps/model-config",
            "/api/v1/namespaces/models/services/model-serving",
            "/apis/apps/v1/namespaces/models/deployments/model-serving",
            "/apis/autoscaling/v2/namespaces/models/horizontalpodautoscalers/model-serving",
            "/apis/networking.k8s.io/v1/namespaces/models/ingresses/model-serving",
            "/apis/serving.kserve.io/v1beta1/namespaces/models/inferenceservices/iris",
            "/api/v1/namespaces/models/secrets/pipeline-model-serving",
        }));
        Assert.That(log.Lines, Has.Some.Contains("CustomResourceDefinition inferenceservices.serving.kserve.io ready: established"));
        Assert.That(log.Lines, Has.Some.Contains("Deployment models/model-serving ready: 1/1 replicas available"));
        Assert.That(log.Lines, Has.Some.Contains("InferenceService models/iris ready: Ready"));
        Assert.That(log.Lines, Has.Some.Contains("HorizontalPodAutoscaler models/model-serving ready: applied (no Ready condition"));
        var isvc = cluster.Stored("inferenceservices", "models", "iris")!;
        Assert.That(isvc["spec"]!["predictor"]!["model"]!["storageUri"]!.GetValue<string>(), Is.EqualTo("oci://" + ModelImage));
        Assert.That(cluster.Stored("configmaps", "models", "model-config")!["data"]!["threshold"]!.GetValue<string>(), Is.EqualTo("0.8"));
        Assert.That(cluster.Stored("customresourcedefinitions", "", "inferenceservices.serving.kserve.io")!["metadata"]!["namespace"], Is.Null, "cluster-scoped");
    }

    [Test]
    public async Task Should_ExplainAnInferenceServiceThatDoesNotBecomeReady_FromItsConditionsAndEvents()
    {
        cluster.Statuses["InferenceService"] = isvc => new JsonObject
        {
            ["observedGeneration"] = isvc["metadata"]!["generation"]!.DeepClone(),
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "PredictorReady", ["status"] = "False", ["reason"] = "RevisionMissing", ["message"] = "Revision \"iris-predictor-00001\" failed with message: Container failed with: no model at /mnt/models." },
                new JsonObject { ["type"] = "Ready", ["status"] = "False", ["reason"] = "RevisionMissing" }),
        };
        cluster.Events.Add(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "iris.1" }, ["type"] = "Warning", ["reason"] = "InternalError",
            ["message"] = "fails to reconcile predictor: storage initializer cannot pull the model image",
            ["involvedObject"] = new JsonObject { ["kind"] = "InferenceService", ["name"] = "iris" },
        });

        var error = await Assert.ThrowsAsync<DeploymentFailedException>(() => Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Outcome, Is.EqualTo(DeployOutcome.Failed));
        Assert.That(error.Message, Does.Contain("InferenceService iris did not become ready within 1 s (Ready is False: RevisionMissing; PredictorReady: RevisionMissing Revision \"iris-predictor-00001\" failed")
            .And.Contain("Events: InternalError: fails to reconcile predictor: storage initializer cannot pull the model image"));
        Assert.That(error.Message, Does.Not.Contain("Deployment model-serving"), "the Deployment rolled out; only what failed is reported");
    }

    [Test]
    public async Task Should_WriteNothing_WhenTheClusterRunsExactlyTheseObjects()
    {
        await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);
        var writes = cluster.Requests.Count(r => r.Method is not "GET");

        var (outcome, _, _) = await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);

        Assert.That(outcome, Is.EqualTo(DeployOutcome.Unchanged));
        Assert.That(cluster.Requests.Count(r => r.Method is not "GET"), Is.EqualTo(writes));
        Assert.That(log.Lines, Has.Some.Contains("The cluster runs exactly these 7 objects, all ready: unchanged, nothing applied."));
    }

    [Test]
    public async Task Should_ApplyAgain_WhenOnlyAConfigMapChanged()
    {
        await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);
        Sandbox.Write("kubernetes/configmap.yaml", Sandbox.Read("kubernetes/configmap.yaml").Replace("0.8", "0.9", StringComparison.Ordinal));

        var (outcome, _, _) = await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);

        Assert.That(outcome, Is.EqualTo(DeployOutcome.Deployed));
        Assert.That(cluster.Stored("configmaps", "models", "model-config")!["data"]!["threshold"]!.GetValue<string>(), Is.EqualTo("0.9"));
    }

    [Test]
    public async Task Should_PruneWhatWasRemovedFromTheFolder_AndNothingThisPipelineDidNotApply()
    {
        await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);
        StoreForeignObjects();
        File.Delete(Sandbox.PathOf("kubernetes/hpa.yaml"));
        File.Delete(Sandbox.PathOf("kubernetes/configmap.yaml"));
        Sandbox.Write("kubernetes/deployment.yaml", Sandbox.Read("kubernetes/deployment.yaml").Replace("          envFrom:\n            - configMapRef:\n                name: model-config\n", "", StringComparison.Ordinal));

        var (outcome, _, _) = await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);

        Assert.That(outcome, Is.EqualTo(DeployOutcome.Deployed));
        Assert.That(cluster.Deleted, Is.EquivalentTo(new[] { "horizontalpodautoscalers/models/model-serving", "configmaps/models/model-config" }));
        Assert.That(cluster.Stored("configmaps", "models", "someone-elses"), Is.Not.Null, "not labelled as ours");
        Assert.That(cluster.Stored("configmaps", "models", "other-pipeline"), Is.Not.Null, "a member of another ApplySet");
        Assert.That(log.Lines, Has.Some.Contains("Pruned HorizontalPodAutoscaler models/model-serving: no longer in kubernetes/"));
        var parent = cluster.Stored("secrets", "models", "pipeline-model-serving")!;
        Assert.That(parent["metadata"]!["annotations"]!["applyset.kubernetes.io/contains-group-kinds"]!.GetValue<string>(),
            Is.EqualTo("CustomResourceDefinition.apiextensions.k8s.io,Deployment.apps,InferenceService.serving.kserve.io,Ingress.networking.k8s.io,Service"));
    }

    [Test]
    public async Task Should_ListWhatWouldBePruned_WithoutDeleting_GivenDryRun()
    {
        await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);
        StoreForeignObjects();
        File.Delete(Sandbox.PathOf("kubernetes/hpa.yaml"));

        var report = await Deployer().DryRunAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);

        Assert.That(report, Does.Contain("Would prune (removed from kubernetes/, applied by this pipeline before):\n  HorizontalPodAutoscaler models/model-serving"));
        Assert.That(report, Does.Contain("ConfigMap models/model-config: no change (validated by the server).").And.Not.Contain("someone-elses").And.Not.Contain("other-pipeline"));
        Assert.That(cluster.Deleted, Is.Empty);
    }

    [Test]
    public async Task Should_KeepRemovedObjects_GivenPruneOff()
    {
        await Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken);
        File.Delete(Sandbox.PathOf("kubernetes/hpa.yaml"));

        await Deployer().DeployAsync(Render(), settings with { Prune = false }, TestContext.CurrentContext.CancellationToken);

        Assert.That(cluster.Deleted, Is.Empty);
        Assert.That(cluster.Stored("horizontalpodautoscalers", "models", "model-serving"), Is.Not.Null);
    }

    [Test]
    public async Task Should_NameTheMissingCrd_GivenAKindTheClusterDoesNotServe()
    {
        File.Delete(Sandbox.PathOf("kubernetes/crd-inferenceservices.yaml"));

        var error = await Assert.ThrowsAsync<ManifestException>(() => Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("The cluster does not serve serving.kserve.io/v1beta1 InferenceService").And.Contain("install its CustomResourceDefinition first"));
        Assert.That(cluster.Requests.Count(r => r.Method == "PATCH"), Is.Zero, "nothing applied before the whole folder is known to be servable");
    }

    [Test]
    public async Task Should_RefuseAnInferenceServiceWithAFieldItsCrdDoesNotDeclare()
    {
        Sandbox.Write("kubernetes/inferenceservice.yaml", Sandbox.Read("kubernetes/inferenceservice.yaml").Replace("    model:\n", "    replicas: 2\n    model:\n", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<ClusterException>(() => Deployer().DeployAsync(Render(), settings, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("The cluster refused to patch InferenceService iris (422)").And.Contain("spec.predictor.replicas: field not declared in schema"));
    }

    [Test]
    public async Task Should_WaitForAJobToComplete_AndPinTheImageInEveryWorkloadKind()
    {
        Sandbox.Write("kubernetes/workloads.yaml", Workloads);
        var rendered = Render();

        var (outcome, _, _) = await Deployer().DeployAsync(rendered, settings, TestContext.CurrentContext.CancellationToken);

        Assert.That(outcome, Is.EqualTo(DeployOutcome.Deployed));
        string ImageOf(string plural, string name, params string[] path) =>
            path.Aggregate((JsonNode)cluster.Stored(plural, "models", name)!, (node, key) => int.TryParse(key, out var i) ? node[i]! : node[key]!).GetValue<string>();
        Assert.That(ImageOf("statefulsets", "features", "spec", "template", "spec", "containers", "0", "image"), Is.EqualTo(Image));
        Assert.That(ImageOf("daemonsets", "warmup", "spec", "template", "spec", "containers", "0", "image"), Is.EqualTo(Image));
        Assert.That(ImageOf("jobs", "evaluate", "spec", "template", "spec", "containers", "0", "image"), Is.EqualTo(Image));
        Assert.That(ImageOf("cronjobs", "nightly", "spec", "jobTemplate", "spec", "template", "spec", "containers", "0", "image"), Is.EqualTo(Image));
        Assert.That(ImageOf("jobs", "migrate", "spec", "template", "spec", "containers", "0", "image"), Is.EqualTo("postgres:16"), "another image's container is left alone");
        Assert.That(log.Lines, Has.Some.Contains("Job models/evaluate ready: completed (1 succeeded)"));
    }

    [Test]
    public async Task Should_DeployTheFolder_ThroughTheDeployTarget_WithEnvironmentKubernetes()
    {
        var kubeconfig = Sandbox.PathOf("kubeconfig");
        Sandbox.Write("kubeconfig", cluster.Kubeconfig("fake-token"));
        Sandbox.Write("artifacts/image-digest.txt", Image[Image.IndexOf('@', StringComparison.Ordinal)..].TrimStart('@') + "\n");
        Sandbox.Write("artifacts/image.json", """{ "image": "127.0.0.1:5000/pipeline/model-serving", "tags": ["latest"], "revision": "1234567890121234567890121234567890121234", "imageId": "sha256:209d83e94c4d" }""");
        Sandbox.Write("artifacts/model-image-digest.txt", ModelImage[(ModelImage.IndexOf('@', StringComparison.Ordinal) + 1)..] + "\n");
        Sandbox.Write("artifacts/model-image.json", """{ "image": "127.0.0.1:5000/pipeline/model-serving-model", "tags": ["latest"], "revision": "1234567890121234567890121234567890121234", "imageId": "sha256:309d83e94c4d" }""");
        string[] deploy = ["Deploy", "--skip", "--environment", "kubernetes", "--kubeconfig", kubeconfig, "--namespace", "models", "--rollout-timeout", "5"];

        var first = await Sandbox.RunAsync(new GitOpsSandbox.GitOpsBuild(), deploy);
        var second = await Sandbox.RunAsync(new GitOpsSandbox.GitOpsBuild(), deploy);
        File.Delete(Sandbox.PathOf("kubernetes/hpa.yaml"));
        var third = await Sandbox.RunAsync(new GitOpsSandbox.GitOpsBuild(), deploy);

        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(first.Output, Does.Contain("Applied InferenceService models/iris").And.Contain("InferenceService models/iris ready: Ready").And.Contain("Deploy: deployed to namespace models"));
        var deployment = cluster.Stored("deployments", "models", "model-serving")!;
        Assert.That(deployment["metadata"]!["labels"]!["app.kubernetes.io/version"]!.GetValue<string>(), Is.EqualTo("123456789012"), "an all-digit short SHA, as a string");
        Assert.That(second.Output, Does.Contain("unchanged, nothing applied").And.Contain("Deploy: unchanged"));
        Assert.That(third.ExitCode, Is.Zero, third.Output);
        Assert.That(third.Output, Does.Contain("Pruned HorizontalPodAutoscaler models/model-serving"));
    }

    private void StoreForeignObjects()
    {
        cluster.Store("configmaps", "models", "someone-elses", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "someone-elses", ["namespace"] = "models" },
        });
        cluster.Store("configmaps", "models", "other-pipeline", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "other-pipeline", ["namespace"] = "models", ["labels"] = new JsonObject { ["applyset.kubernetes.io/part-of"] = "applyset-someone-else-v1" } },
        });
    }

    private KubernetesDeployer Deployer() =>
        new(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = cluster.Url }), log, TimeSpan.FromMilliseconds(20));

    private IReadOnlyList<YamlMappingNode> Render() =>
        ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), settings, Image, "abc123", ModelImage);

    /// <summary>A model service's folder as teams keep it: the repository's Deployment and Service, configuration, routing, scaling, a KServe InferenceService and KServe's own CRD.</summary>
    internal static void WriteServiceFolder(BuildSandbox sandbox)
    {
        sandbox.Write("kubernetes/deployment.yaml", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "kubernetes", "deployment.yaml"))
            .Replace("          ports:\n", "          envFrom:\n            - configMapRef:\n                name: model-config\n          ports:\n", StringComparison.Ordinal));
        sandbox.Write("kubernetes/service.yaml", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "kubernetes", "service.yaml")));
        sandbox.Write("kubernetes/crd-inferenceservices.yaml", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "Fixtures", "kubernetes", "serving.kserve.io_inferenceservices.yaml")));
        sandbox.Write("kubernetes/configmap.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: model-config
            data:
              threshold: 0.8
              workers: 2
            """);
        sandbox.Write("kubernetes/ingress.yaml", """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: model-serving
              annotations:
                nginx.ingress.kubernetes.io/proxy-body-size: 8m
            spec:
              ingressClassName: nginx
              rules:
                - host: models.example.com
                  http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: model-serving
                            port:
                              number: 80
            """);
        sandbox.Write("kubernetes/hpa.yaml", """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata:
              name: model-serving
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: model-serving
              minReplicas: 1
              maxReplicas: 4
              metrics:
                - type: Resource
                  resource:
                    name: cpu
                    target:
                      type: Utilization
                      averageUtilization: 70
            """);
        sandbox.Write("kubernetes/inferenceservice.yaml", """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: iris
            spec:
              predictor:
                model:
                  modelFormat:
                    name: sklearn
                  storageUri: oci://placeholder
            """);
    }

    private const string Workloads = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: features
        spec:
          serviceName: features
          selector:
            matchLabels:
              app: features
          template:
            metadata:
              labels:
                app: features
            spec:
              containers:
                - name: model-serving
                  image: model-serving:placeholder
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: warmup
        spec:
          selector:
            matchLabels:
              app: warmup
          template:
            metadata:
              labels:
                app: warmup
            spec:
              containers:
                - name: warm
                  image: model-serving:placeholder
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: evaluate
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: model-serving
                  image: model-serving:placeholder
                  args: ["--evaluate"]
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: postgres:16
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: nightly
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: model-serving
                      image: model-serving:placeholder
        """;
}
