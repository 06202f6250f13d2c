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

    /// <summary>
    /// What the local deploy leaves out, as "Kind name" (every kind but Deployments: podman plays those, the local front
    /// stands in for Services, and the rest needs a cluster); empty when the folder holds nothing else.
    /// </summary>
    public static IReadOnlyList<string> LeftOut(IEnumerable<YamlMappingNode> rendered) =>
        [.. rendered.Select(d => (Kind: ManifestRenderer.Scalar(d, "kind")!, Name: ManifestRenderer.Child(d, "metadata") is YamlMappingNode m ? ManifestRenderer.Scalar(m, "name") : null))
            .Where(d => d.Kind is not ("Deployment" or "Service"))
            .Select(d => $"{d.Kind} {d.Name}")];

    /// <summary>
    /// The same play under a slot's names (each Deployment's name + "-blue" or "-green") on a private port: two
    /// versions can run side by side while the front switches from one to the other.
    /// </summary>
    public static string InSlot(string play, string slot, int hostPort)
    {
        var documents = Load(play);
        foreach (var deployment in documents)
        {
            var metadata = (YamlMappingNode)deployment.Children[new YamlScalarNode("metadata")];
            metadata.Children[new YamlScalarNode("name")] = new YamlScalarNode($"{ManifestRenderer.Scalar(metadata, "name")}-{slot}");
            foreach (var port in HostPorts(deployment))
                port.Children[new YamlScalarNode("hostPort")] = new YamlScalarNode(hostPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return ManifestRenderer.ToYaml(documents);
    }

    /// <summary>The slot a new version goes into: the one the running play (if any) does not use.</summary>
    public static string NextSlot(string? running) =>
        running is not null && PodsOf(running).Any(pod => pod.EndsWith("-blue-pod", StringComparison.Ordinal)) ? "green" : "blue";

    /// <summary>The host port a play binds (the first one), or null.</summary>
    public static int? HostPortOf(string play) =>
        Load(play).SelectMany(HostPorts).Select(port => ManifestRenderer.Scalar(port, "hostPort")).OfType<string>()
            .Select(value => int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : (int?)null)
            .FirstOrDefault(number => number is not null);

    /// <summary>What podman names the pods of a play: each Deployment's name with "-pod".</summary>
    public static IReadOnlyList<string> PodsOf(string play) =>
        Load(play).Select(deployment => ManifestRenderer.Scalar((YamlMappingNode)deployment.Children[new YamlScalarNode("metadata")], "name") + "-pod").ToList();

    private static List<YamlMappingNode> Load(string play)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(play));
        return stream.Documents.Select(document => (YamlMappingNode)document.RootNode).ToList();
    }

    private static IEnumerable<YamlMappingNode> HostPorts(YamlMappingNode deployment) =>
        ManifestRenderer.Containers(deployment)
            .Select(container => ManifestRenderer.Child(container, "ports"))
            .OfType<YamlSequenceNode>()
            .SelectMany(ports => ports.Children.OfType<YamlMappingNode>())
            .Where(port => port.Children.ContainsKey(new YamlScalarNode("hostPort")));
}
