using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Deploy;

/// <summary>
/// What podman kube play needs on top of the rendered manifests: only the Deployments (it ignores Services), each
/// container port bound to 127.0.0.1 with a host port (it would bind 0.0.0.0 otherwise), and no probes (podman turns
/// httpGet probes into curl health checks, and the image has no curl; Deploy checks health over HTTP itself).
/// Never written into kubernetes/*.yaml.
/// </summary>
internal static class LocalOverlay
{
    /// <summary>The Deployments, ready for <c>podman kube play</c>.</summary>
    public static IReadOnlyList<YamlMappingNode> Apply(IEnumerable<YamlMappingNode> rendered, int hostPort)
    {
        var deployments = rendered.Where(d => ManifestRenderer.Scalar(d, "kind") == "Deployment").ToList();
        foreach (var container in deployments.SelectMany(ManifestRenderer.Containers))
        {
            container.Children.Remove(new YamlScalarNode("livenessProbe"));
            container.Children.Remove(new YamlScalarNode("readinessProbe"));
            if (ManifestRenderer.Child(container, "ports") is YamlSequenceNode { Children.Count: > 0 } ports && ports.Children[0] is YamlMappingNode port)
            {
                port.Children[new YamlScalarNode("hostIP")] = new YamlScalarNode("127.0.0.1");
                port.Children[new YamlScalarNode("hostPort")] = new YamlScalarNode(hostPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return deployments.Count > 0 ? deployments : throw new ManifestException("The manifests have no Deployment to run locally.");
    }
}
