using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Deploy;

/// <summary>
/// An environment's patches over the base manifests (<see cref="DeploySettings.OverlayDirectory"/>): each document names
/// an object of the base by kind and metadata.name and is merged into it as a JSON merge patch (a null removes a key),
/// except that lists of named items (containers, env, ports, volumes) are merged item by item by name, as
/// Kubernetes' strategic merge does for them. Enough for the common cases: replicas, resources, env, hostnames.
/// </summary>
internal static class ManifestOverlay
{
    /// <summary>Merges every patch of <paramref name="directory"/> into its object of <paramref name="documents"/>.</summary>
    public static void Apply(string directory, IReadOnlyList<YamlMappingNode> documents, string displayRoot)
    {
        if (!Directory.Exists(directory))
            throw new ManifestException($"The overlay {Path.GetRelativePath(displayRoot, directory)} does not exist (DeploySettings.OverlayDirectory): create it, or leave the setting unset.");
        foreach (var (node, name) in ManifestFiles.Documents(directory, displayRoot))
        {
            var patch = node as YamlMappingNode;
            var kind = patch is null ? null : ManifestRenderer.Scalar(patch, "kind");
            var objectName = patch is not null && ManifestRenderer.Child(patch, "metadata") is YamlMappingNode metadata ? ManifestRenderer.Scalar(metadata, "name") : null;
            if (kind is null || objectName is null)
                throw new ManifestException($"{name}({node.Start.Line},{node.Start.Column}): a patch names its object with kind and metadata.name.");
            var target = documents.FirstOrDefault(document => ManifestRenderer.Scalar(document, "kind") == kind
                                                             && ManifestRenderer.Child(document, "metadata") is YamlMappingNode baseMetadata
                                                             && ManifestRenderer.Scalar(baseMetadata, "name") == objectName)
                         ?? throw new ManifestException($"{name}({node.Start.Line},{node.Start.Column}): patches {kind} {objectName}, which the base manifests do not hold.");
            Merge(target, patch!);
        }
    }

    /// <summary>Merges <paramref name="patch"/> into <paramref name="target"/>.</summary>
    internal static void Merge(YamlMappingNode target, YamlMappingNode patch)
    {
        foreach (var (key, value) in patch.Children)
        {
            if (value is YamlScalarNode { Style: not (ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted), Value: null or "null" or "~" })
            {
                target.Children.Remove(key);
                continue;
            }

            var current = target.Children.TryGetValue(key, out var existing) ? existing : null;
            switch (current, value)
            {
                case (YamlMappingNode currentMapping, YamlMappingNode patchMapping):
                    Merge(currentMapping, patchMapping);
                    break;
                case (YamlSequenceNode currentList, YamlSequenceNode patchList) when IsNamedList(currentList) && IsNamedList(patchList):
                    MergeByName(currentList, patchList);
                    break;
                default:
                    target.Children[key] = value;
                    break;
            }
        }
    }

    private static void MergeByName(YamlSequenceNode target, YamlSequenceNode patch)
    {
        foreach (var item in patch.Children.Cast<YamlMappingNode>())
        {
            var name = ManifestRenderer.Scalar(item, "name");
            if (target.Children.Cast<YamlMappingNode>().FirstOrDefault(existing => ManifestRenderer.Scalar(existing, "name") == name) is { } existing)
                Merge(existing, item);
            else
                target.Children.Add(item);
        }
    }

    /// <summary>A list whose items are all mappings with a name: containers, env, ports, volumes, volumeMounts.</summary>
    private static bool IsNamedList(YamlSequenceNode list) =>
        list.Children.Count > 0 && list.Children.All(item => item is YamlMappingNode mapping && ManifestRenderer.Scalar(mapping, "name") is not null);
}
