using k8s;
using Pipeline.Components.Deploy;
using Pipeline.Tests.Shared;
using Pipeline.Components.Kubernetes;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>The repository's manifests rendered for a digest, as Deploy applies them, and deployed with a cloud's client configuration.</summary>
internal static class DeployManifests
{
    /// <summary>Applies the manifests through a client of <paramref name="config"/>, as Deploy's cluster path does.</summary>
    public static async Task<DeployOutcome> DeployAsync(KubernetesClientConfiguration config)
    {
        using var client = new k8s.Kubernetes(config);
        var result = await new KubernetesDeployer(client, new RecordingLog(), TimeSpan.FromMilliseconds(20)).DeployAsync(
            Render(), new DeploySettings { Container = "model-serving", RolloutTimeout = TimeSpan.FromSeconds(5) }, TestContext.CurrentContext.CancellationToken);
        return result.Outcome;
    }

    public static IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> Render() =>
        ManifestRenderer.Render(Path.Combine(RepositoryRoot.Path, "kubernetes"), new DeploySettings { Container = "model-serving" },
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/models/iris@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "abc123");
}
