using Pipeline.Components.Kubernetes.Apply;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Deploy;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ManifestRendererTests : SandboxTests
{
    private const string Image = "127.0.0.1:5000/pipeline/model-serving@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    internal override void Prepare(BuildSandbox emptySandbox)
    {
        foreach (var file in new[] { "deployment.yaml", "service.yaml" })
            emptySandbox.Write("kubernetes/" + file, File.ReadAllText(Path.Combine(RepositoryRoot.Path, "kubernetes", file)));
    }

    [Test]
    public void Should_PinTheImageByDigest_SetNamespaceAndRevision_WithoutTouchingTheFiles()
    {
        var before = Sandbox.Read("kubernetes/deployment.yaml");

        var yaml = ManifestRenderer.ToYaml(ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving", Namespace = "models" }, Image, "abc123"));

        Assert.That(yaml, Does.Contain($"image: {Image}").And.Not.Contain("placeholder"));
        Assert.That(yaml, Does.Contain("namespace: models").And.Contain("app.kubernetes.io/version: \"abc123\"").And.Contain("pipeline/revision: \"abc123\""));
        Assert.That(yaml, Does.Contain("kind: Service").And.Contain("kind: Deployment"));
        Assert.That(Sandbox.Read("kubernetes/deployment.yaml"), Is.EqualTo(before));
    }

    [Test]
    public void Should_PinTheModelImageAsTheStorageUri_GivenAKServeInferenceService()
    {
        const string modelImage = "127.0.0.1:5000/pipeline/model-serving-model@sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
        WriteInferenceService();

        var yaml = ManifestRenderer.ToYaml(ManifestRenderer.Render(Sandbox.PathOf("kserve"), new DeploySettings { Container = "model-serving", Namespace = "models" }, Image, "abc123", modelImage));

        Assert.That(yaml, Does.Contain($"storageUri: oci://{modelImage}").And.Not.Contain("placeholder"));
        Assert.That(yaml, Does.Contain("namespace: models").And.Contain("name: mlnet"));
    }

    [Test]
    public async Task Should_CopyTheModelImageIntoAReadOnlyVolume_GivenAModelMountPath()
    {
        const string modelImage = "127.0.0.1:5000/pipeline/model-serving-model@sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

        var rendered = ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving", ModelMountPath = "/app/model" }, Image, "abc123", modelImage);

        var deployment = (System.Text.Json.Nodes.JsonObject)YamlJson.ToJson(rendered.Single(document => ManifestRenderer.Scalar(document, "kind") == "Deployment"))!;
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var init = pod["initContainers"]![0]!;
        var mount = pod["containers"]!.AsArray().Single(container => container!["image"]!.GetValue<string>() == Image)!["volumeMounts"]!.AsArray().Last()!;
        Assert.That(init["image"]!.GetValue<string>(), Is.EqualTo(modelImage));
        Assert.That(init["command"]!.ToJsonString(), Is.EqualTo("""["sh","-c","cp -R /models/. /mnt/model/"]"""));
        Assert.That(pod["volumes"]!.AsArray().Last()!.ToJsonString(), Is.EqualTo("""{"name":"pipeline-model","emptyDir":{}}"""));
        Assert.That(mount.ToJsonString(), Is.EqualTo("""{"name":"pipeline-model","mountPath":"/app/model","readOnly":true}"""));
        Assert.That(await Pipeline.Tests.Fakes.KubernetesSchemaValidator.ValidateAsync(deployment, null, TestContext.CurrentContext.CancellationToken), Is.Empty, "valid for the Kubernetes schema");
    }

    [Test]
    public void Should_NameTheStepThatPushesTheModelImage_GivenAModelMountPathWithoutOne()
    {
        var error = Assert.Throws<ManifestException>(() => ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving", ModelMountPath = "/app/model" }, Image, "abc123"));

        Assert.That(error!.Message, Does.Contain("ModelMountPath").And.Contain("./build.sh PushModelImage Deploy"));
    }

    [Test]
    public void Should_NameTheStepThatPushesTheModelImage_GivenAnInferenceServiceWithoutOne()
    {
        WriteInferenceService();

        var error = Assert.Throws<ManifestException>(() => ManifestRenderer.Render(Sandbox.PathOf("kserve"), new DeploySettings { Container = "model-serving" }, Image, "abc123"));

        Assert.That(error!.Message, Does.Contain("inferenceservice.yaml").And.Contain("./build.sh PushModelImage Deploy").And.Contain("IModelImage"));
    }

    [Test]
    public void Should_BindToLoopbackAndDropProbesAndServices_InTheLocalOverlay()
    {
        var rendered = ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving" }, Image, "abc123");

        var yaml = ManifestRenderer.ToYaml(LocalOverlay.Apply(rendered, 18080));

        Assert.That(yaml, Does.Contain("hostIP: 127.0.0.1").And.Contain("hostPort: 18080"));
        Assert.That(yaml, Does.Not.Contain("livenessProbe").And.Not.Contain("readinessProbe").And.Not.Contain("kind: Service"));
    }

    [Test]
    public void Should_NameWhatTheLocalDeployLeavesOut_ForTheClusterOnly()
    {
        Sandbox.Write("kubernetes/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: model-config\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: model-serving\n");

        var leftOut = LocalOverlay.LeftOut(ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving" }, Image, "abc123"));

        Assert.That(leftOut, Is.EqualTo(new[] { "ConfigMap model-config", "HorizontalPodAutoscaler model-serving" }));
    }

    [Test]
    public void Should_SkipEmptyDocuments_AndTypePlainScalarsAsTheApiServerDoes()
    {
        Sandbox.Write("kubernetes/extra.yaml", "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: modes\n  labels:\n    release: 2024\ndata:\n  mode: 0644\n---\n");
        Sandbox.Write("kubernetes/volume.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - name: v\n      configMap:\n        name: modes\n        defaultMode: 0644\n      ratio: 0.5\n      none: ~\n      flag: True\n");

        var rendered = ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving" }, Image, "abc123");

        var configMap = YamlJson.ToJson(rendered.Single(d => ManifestRenderer.Scalar(d, "kind") == "ConfigMap"))!;
        Assert.That(configMap["metadata"]!["labels"]!["release"]!.GetValue<string>(), Is.EqualTo("2024"));
        Assert.That(configMap["data"]!["mode"]!.GetValue<string>(), Is.EqualTo("0644"), "ConfigMap data is map[string]string");
        var volume = YamlJson.ToJson(rendered.Single(d => ManifestRenderer.Scalar(d, "kind") == "Pod"))!["spec"]!["volumes"]![0]!;
        Assert.That(volume["configMap"]!["defaultMode"]!.GetValue<long>(), Is.EqualTo(420), "YAML 1.1 octal, as kubectl reads it");
        Assert.That(volume["ratio"]!.GetValue<double>(), Is.EqualTo(0.5));
        Assert.That(volume["none"], Is.Null);
        Assert.That(volume["flag"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void Should_LeaveTheNumbersOfACrdSchema_WhoseFieldsAreCalledLabels()
    {
        Sandbox.Write("kubernetes/crd.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: models.example.com\n  labels:\n    tier: 1\nspec:\n  versions:\n    - name: v1\n      schema:\n        openAPIV3Schema:\n          properties:\n            labels:\n              type: object\n              maxProperties: 5\n");

        var crd = YamlJson.ToJson(ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving" }, Image, "abc123").Single(d => ManifestRenderer.Scalar(d, "kind") == "CustomResourceDefinition"))!;

        Assert.That(crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["labels"]!["maxProperties"]!.GetValue<long>(), Is.EqualTo(5), "a schema's number stays a number");
        Assert.That(crd["metadata"]!["labels"]!["tier"]!.GetValue<string>(), Is.EqualTo("1"), "the object's own labels are strings");
    }

    [Test]
    public void Should_AlternateSlotsOnPrivatePorts_SoTwoVersionsRunSideBySide()
    {
        var play = ManifestRenderer.ToYaml(LocalOverlay.Apply(ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving" }, Image, "abc123"), 18080));

        var blue = LocalOverlay.InSlot(play, LocalOverlay.NextSlot(null), 40001);
        var green = LocalOverlay.InSlot(play, LocalOverlay.NextSlot(blue), 40002);
        var blueAgain = LocalOverlay.NextSlot(green);

        Assert.That(LocalOverlay.PodsOf(blue), Is.EqualTo(LocalOverlay.PodsOf(play).Select(pod => pod.Replace("-pod", "-blue-pod", StringComparison.Ordinal))));
        Assert.That(LocalOverlay.PodsOf(green).Intersect(LocalOverlay.PodsOf(blue)), Is.Empty);
        Assert.That((LocalOverlay.HostPortOf(blue), LocalOverlay.HostPortOf(green), blueAgain), Is.EqualTo((40001, 40002, "blue")));
    }

    [Test]
    public void Should_NameFileAndLine_GivenAnInvalidManifest()
    {
        Sandbox.Write("kubernetes/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [oops\n");

        var error = Assert.Throws<ManifestException>(() => ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving" }, Image, "abc"));

        Assert.That(error!.Message, Does.StartWith("kubernetes/broken.yaml(").And.Contain("not valid YAML"));
    }

    [Test]
    public void Should_AskForKindAndName_GivenAManifestWithout()
    {
        Sandbox.Write("kubernetes/incomplete.yaml", "apiVersion: v1\nmetadata:\n  name: x\n");

        var error = Assert.Throws<ManifestException>(() => ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving" }, Image, "abc"));

        Assert.That(error!.Message, Does.Contain("kubernetes/incomplete.yaml(1,1): a manifest needs apiVersion, kind and metadata.name"));
    }

    private void WriteInferenceService() => Sandbox.Write("kserve/inferenceservice.yaml", """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: iris
        spec:
          predictor:
            model:
              modelFormat:
                name: mlnet
              storageUri: oci://placeholder
        """);
}
