using YamlDotNet.RepresentationModel;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>
/// The files Deploy writes to the GitOps folder: one plain manifest per rendered document, named
/// <c>&lt;kind&gt;-&lt;name&gt;.yaml</c> (the image already pinned by digest in it), and a <c>kustomization.yaml</c> listing
/// them, so Argo CD (a plain directory or Kustomize) and Flux (a Kustomization) read the same folder. Deterministic:
/// the same manifests give the same bytes, so an unchanged model changes no file.
/// </summary>
internal static class GitOpsLayout
{
    public const string Kustomization = "kustomization.yaml";

    private const string Header = "# Written by Pipeline's Deploy (--environment gitops): the next deploy overwrites this folder's YAML files.\n";

    /// <summary>File name → content, sorted by name.</summary>
    public static SortedDictionary<string, string> Files(IReadOnlyList<YamlMappingNode> rendered)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in rendered)
        {
            var kind = ManifestRenderer.Scalar(document, "kind")!;
            var name = ManifestRenderer.Scalar((YamlMappingNode)ManifestRenderer.Child(document, "metadata")!, "name")!;
            var file = $"{Safe(kind)}-{Safe(name)}.yaml";
            if (files.ContainsKey(file))
                throw new ManifestException($"Two manifests are both {kind} {name}: the GitOps folder holds one file per kind and name.");
            files[file] = Header + ManifestRenderer.ToYaml([document]);
        }

        files[Kustomization] = Header + "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
                               + string.Concat(files.Keys.Select(file => $"- {file}\n"));
        return files;
    }

    private static string Safe(string name) =>
        new([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-')]);
}
