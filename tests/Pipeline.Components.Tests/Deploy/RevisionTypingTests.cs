using Pipeline.Components.Kubernetes.Apply;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using k8s;
using Pipeline.Components.Deploy;
using Pipeline.Components.Kubernetes.GitOps;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>
/// Kubernetes reads labels and annotations as strings: whatever a commit's short SHA looks like (all digits, an exponent,
/// leading zeros), both deploy paths must send it as a string, and the fake API refuses what the real one refuses.
/// </summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class RevisionTypingTests : SandboxTests
{
    private const string Image = "127.0.0.1:5000/pipeline/model-serving@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    internal override void Prepare(BuildSandbox emptySandbox)
    {
        foreach (var file in new[] { "deployment.yaml", "service.yaml" })
            emptySandbox.Write("kubernetes/" + file, File.ReadAllText(Path.Combine(RepositoryRoot.Path, "kubernetes", file)));
        emptySandbox.Write("kubernetes/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: model-config\n  labels:\n    tier: 1\ndata:\n  port: 8080\n  enabled: true\n");
    }

    /// <summary>Revisions that YAML would read as something else, and random 12-character short SHAs (seeded: a failure names its case).</summary>
    private static IEnumerable<string> Revisions()
    {
        string[] tricky = ["123456789012", "000000000042", "1234567890e1", "12345678e901", "0755", "0o17", "1e10", "0x1234abcd", "1_000", "deadbeef1234", "true", "null", "NaN", "12345678.901"];
        var random = new Random(34);
        return tricky
            .Concat(Enumerable.Range(0, 20).Select(_ => new string([.. Enumerable.Range(0, 12).Select(_ => (char)('0' + random.Next(10)))])))
            .Concat(Enumerable.Range(0, 20).Select(_ => new string([.. Enumerable.Range(0, 12).Select(_ => "0123456789abcdef"[random.Next(16)])])));
    }

    [Test]
    public async Task Should_SendEveryLabelAndAnnotationAsAString_OnTheClusterPath_WhateverTheRevision()
    {
        await using var cluster = await FakeKubernetes.StartAsync();
        var settings = new DeploySettings { Container = "model-serving", RolloutTimeout = TimeSpan.FromSeconds(5) };
        foreach (var revision in Revisions())
        {
            var rendered = ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), settings, Image, revision);
            foreach (var document in rendered)
            {
                var json = YamlJson.ToJson(document)!.AsObject();
                Assert.That(json["metadata"]!["labels"]!["app.kubernetes.io/version"]!.GetValue<string>(), Is.EqualTo(revision), revision);
                Assert.That(await KubernetesSchemaValidator.ValidateAsync(json, null, TestContext.CurrentContext.CancellationToken), Is.Empty, $"{revision}: {document}");
            }

            var (outcome, _, _) = await new KubernetesDeployer(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = cluster.Url }), new RecordingLog(), TimeSpan.FromMilliseconds(20))
                .DeployAsync(rendered, settings, TestContext.CurrentContext.CancellationToken);
            Assert.That(outcome, Is.EqualTo(DeployOutcome.Deployed), revision);
            Assert.That(cluster.Stored("deployments", "default", "model-serving")!["spec"]!["template"]!["metadata"]!["annotations"]!["pipeline/revision"]!.GetValue<string>(), Is.EqualTo(revision));
        }
    }

    [Test]
    public async Task Should_WriteEveryLabelAndAnnotationAsAString_InTheGitOpsFiles_WhateverTheRevision()
    {
        var yaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build(); // YAML's own typing, independent of ours
        foreach (var revision in Revisions())
        {
            var manifests = ManifestRenderer.ToYaml(ManifestRenderer.Render(Sandbox.PathOf("kubernetes"), new DeploySettings { Container = "model-serving" }, Image, revision));
            var stream = new YamlStream();
            stream.Load(new StringReader(manifests)); // as IKubernetesDeploy hands them to the GitOps path
            foreach (var (file, content) in GitOpsLayout.Files([.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)]).Where(f => f.Key != GitOpsLayout.Kustomization))
            {
                var document = (Dictionary<object, object>)yaml.Deserialize<object>(content)!;
                var metadata = (Dictionary<object, object>)document["metadata"];
                foreach (var map in new[] { "labels", "annotations" }.Where(metadata.ContainsKey))
                    Assert.That(((Dictionary<object, object>)metadata[map]).Values, Is.All.InstanceOf<string>(), $"{revision}: {file}\n{content}");
                Assert.That(content, Does.Contain($"app.kubernetes.io/version: \"{revision}\""), file);
                var asTheApiReadsIt = YamlJson.ToJson(Load(content).Documents[0].RootNode)!.AsObject();
                Assert.That(await KubernetesSchemaValidator.ValidateAsync(asTheApiReadsIt, null, TestContext.CurrentContext.CancellationToken), Is.Empty, $"{revision}: {file}");
            }
        }
    }

    private static YamlStream Load(string content)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(content));
        return stream;
    }

    [Test]
    public async Task Should_BeRefusedByTheFakeApi_AsByTheRealOne_GivenANumberAsALabel()
    {
        await using var cluster = await FakeKubernetes.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{cluster.Url}/api/v1/namespaces/default/configmaps/model-config?fieldManager=pipeline&force=true")
        {
            Content = new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"model-config","labels":{"app.kubernetes.io/version":123456789012}},"data":{"port":"8080"}}"""),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/apply-patch+yaml");

        using var response = await http.SendAsync(request, TestContext.CurrentContext.CancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.CurrentContext.CancellationToken))!;
        Assert.That(status["kind"]!.GetValue<string>(), Is.EqualTo("Status"));
        Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("Failure"));
        Assert.That(status["reason"]!.GetValue<string>(), Is.EqualTo("Invalid"));
        Assert.That(status["code"]!.GetValue<int>(), Is.EqualTo(422));
        Assert.That(status["message"]!.GetValue<string>(), Does.StartWith("ConfigMap \"model-config\" is invalid: metadata.labels.app.kubernetes.io/version: Invalid value: 123456789012: expected string, got number"));
        Assert.That(status["details"]!["causes"]![0]!["field"]!.GetValue<string>(), Is.EqualTo("metadata.labels.app.kubernetes.io/version"));
        Assert.That(cluster.Stored("configmaps", "default", "model-config"), Is.Null, "nothing stored");
    }

    [Test]
    public async Task Should_BeRefusedByTheFakeApi_GivenAFieldTheKindDoesNotDeclare()
    {
        var errors = await KubernetesSchemaValidator.ValidateAsync(JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"model-serving","labels":{"app":"m"}},
             "spec":{"replica":2,"selector":{"matchLabels":{"app":"m"}},"template":{"metadata":{"labels":{"app":"m"}},
               "spec":{"containers":[{"name":"m","image":"i","resources":{"limits":{"cpu":1}},"ports":[{"containerPort":8080}],"healthz":"/healthz"}]}}}}
            """)!.AsObject(), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(errors.Select(e => $"{e.Field}: {e.Message}"), Is.EquivalentTo(new[]
        {
            "spec.replica: field not declared in schema",
            "spec.template.spec.containers[0].healthz: field not declared in schema",
        }));
    }

    [Test]
    public async Task Should_BeRefusedByTheFakeApi_GivenAWrongTypeTheOpenApiSchemaForbids()
    {
        var errors = await KubernetesSchemaValidator.ValidateAsync(JsonNode.Parse("""
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"model-serving"},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"model-serving"},"maxReplicas":"4"}}
            """)!.AsObject(), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { "spec.maxReplicas" }));
        Assert.That(errors[0].Message, Does.Contain("expected integer, got string"));
    }
}
