using Pipeline.Components.Deploy;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>An environment's overlay over the base manifests: merge-patch semantics, named lists merged by name, errors that name the file.</summary>
[CancelAfter(10_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ManifestOverlayTests : SandboxTests
{
    private const string Image = "registry/model@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    internal override void Prepare(BuildSandbox emptySandbox)
    {
        emptySandbox.Write("kubernetes/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: model-serving
              annotations:
                team: ml
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: model-serving
              template:
                metadata:
                  labels:
                    app: model-serving
                spec:
                  containers:
                    - name: model-serving
                      image: model-serving:placeholder
                      env:
                        - name: LOG_LEVEL
                          value: debug
                        - name: THREADS
                          value: "2"
                      resources:
                        requests:
                          cpu: 100m
                    - name: sidecar
                      image: busybox:1
            """);
        emptySandbox.Write("kubernetes/overlays/production/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: model-serving
              annotations:
                team: null
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                    - name: model-serving
                      env:
                        - name: LOG_LEVEL
                          value: warning
                        - name: REGION
                          value: europe-west4
                      resources:
                        limits:
                          memory: 1Gi
            """);
    }

    [Test]
    public void Should_MergeThePatch_ByNameInNamedLists_AndRemoveWhatItSetsToNull()
    {
        var rendered = ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving" }, Image, "abc", null, Sandbox.PathOf("kubernetes/overlays/production"));
        var yaml = ManifestRenderer.ToYaml(rendered);

        Assert.That(yaml, Does.Contain("replicas: 3"));
        Assert.That(yaml, Does.Not.Contain("team: ml"), "a null removes the key");
        Assert.That(yaml, Does.Contain("value: warning").And.Not.Contain("value: debug"), "LOG_LEVEL replaced by name");
        Assert.That(yaml, Does.Contain("name: THREADS").And.Contain("name: REGION"), "the other variable kept, the new one added");
        Assert.That(yaml, Does.Contain("cpu: 100m").And.Contain("memory: 1Gi"), "resources merged");
        Assert.That(yaml, Does.Contain("image: busybox:1").And.Contain("image: " + Image), "the sidecar kept, the image still pinned after the patch");
    }

    [Test]
    public void Should_NameTheFile_GivenAPatchOfAnObjectTheBaseDoesNotHold_OrAMissingOverlay()
    {
        Sandbox.Write("kubernetes/overlays/production/hpa.yaml", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: model-serving\nspec:\n  maxReplicas: 5\n");

        var unknown = Assert.Throws<ManifestException>(() => ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving" }, Image, "abc", null, Sandbox.PathOf("kubernetes/overlays/production")));
        var missing = Assert.Throws<ManifestException>(() => ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving" }, Image, "abc", null, Sandbox.PathOf("kubernetes/overlays/staging")));

        Assert.That(unknown!.Message, Does.Contain("kubernetes/overlays/production/hpa.yaml(1,1): patches HorizontalPodAutoscaler model-serving, which the base manifests do not hold"));
        Assert.That(missing!.Message, Does.Contain("kubernetes/overlays/staging does not exist (DeploySettings.OverlayDirectory)"));
    }
}
