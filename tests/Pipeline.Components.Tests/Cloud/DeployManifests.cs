using Pipeline.Components.Deploy;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>The repository's manifests rendered for a digest, as Deploy applies them.</summary>
internal static class DeployManifests
{
    public static IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> Render() =>
        ManifestRenderer.Render(Path.Combine(RepositoryRoot.Path, "kubernetes"), new DeploySettings(),
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/models/iris@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "abc123");
}
