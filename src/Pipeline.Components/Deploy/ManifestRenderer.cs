using Pipeline.Build;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Deploy;

/// <summary>
/// Renders the plain manifests for a deployment: the container's image pinned by digest in every workload (Deployment,
/// StatefulSet, DaemonSet, Job, CronJob) that runs it, the namespace, the commit as a label and a pod-template annotation,
/// and every label, annotation and selector value written as a string. The files in the repository are read, never rewritten.
/// </summary>
public static class ManifestRenderer
{
    /// <summary>
    /// Every document of every *.yaml/*.yml file in the directory, patched by <paramref name="overlayDirectory"/>'s
    /// (<see cref="ManifestOverlay"/>), rendered; errors name the file and line. A KServe InferenceService gets
    /// <paramref name="modelImageWithDigest"/> (the ModelCar image) as its <c>storageUri</c>.
    /// </summary>
    public static IReadOnlyList<YamlMappingNode> Render(string directory, DeploySettings settings, string imageWithDigest, string revision, string? modelImageWithDigest = null, string? overlayDirectory = null)
    {
        if (!Directory.Exists(directory))
            throw new ManifestException($"No manifests: {directory} does not exist (DeploySettings.ManifestsDirectory, default kubernetes/: set it in ConfigureDeploy when your manifests live elsewhere).");
        var loaded = Load(directory);
        if (loaded.Count == 0)
            throw new ManifestException($"No manifests in {directory} (expected *.yaml files).");
        var documents = loaded.Select(document => document.Root).ToList();
        if (overlayDirectory is not null)
            ManifestOverlay.Apply(overlayDirectory, documents, Path.GetDirectoryName(Path.GetFullPath(directory))!); // named in messages as the base files are

        foreach (var (document, name) in loaded)
            Render(document, (YamlMappingNode)Child(document, "metadata")!, settings, imageWithDigest, revision, modelImageWithDigest, name);
        return documents;
    }

    /// <summary>Every document of the folder's files (<see cref="ManifestFiles"/>) with its file, checked for apiVersion, kind and metadata.name.</summary>
    private static List<(YamlMappingNode Root, string File)> Load(string directory)
    {
        var documents = new List<(YamlMappingNode Root, string File)>();
        foreach (var (node, name) in ManifestFiles.Documents(directory, Path.GetDirectoryName(directory) ?? directory))
        {
            if (node is not YamlMappingNode root || Scalar(root, "apiVersion") is null || Scalar(root, "kind") is null || Child(root, "metadata") is not YamlMappingNode metadata || Scalar(metadata, "name") is null)
                throw new ManifestException($"{name}({node.Start.Line},{node.Start.Column}): a manifest needs apiVersion, kind and metadata.name.");
            documents.Add((root, name));
        }

        return documents;
    }

    /// <summary>The documents as one multi-document YAML text.</summary>
    public static string ToYaml(IEnumerable<YamlMappingNode> documents)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(documents.Select(d => new YamlDocument(d))).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>The documents of a multi-document YAML text (what <see cref="ToYaml"/> wrote).</summary>
    public static List<YamlMappingNode> FromYaml(string manifests)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(manifests))
            stream.Load(reader);
        return [.. stream.Documents.Select(document => (YamlMappingNode)document.RootNode)];
    }

    /// <summary>The text of <paramref name="key"/> in a YAML mapping, or null when it is absent or not a scalar.</summary>
    public static string? Scalar(YamlMappingNode node, string key) => Child(node, key) is YamlScalarNode { Value: { } value } ? value : null;

    /// <summary>The node under <paramref name="key"/> in a YAML mapping, or null.</summary>
    public static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    /// <summary>Kinds that live outside namespaces (the renderer does not give them one; a cluster's discovery decides for the rest).</summary>
    public static readonly IReadOnlySet<string> ClusterScopedKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass", "PriorityClass",
        "IngressClass", "RuntimeClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "CSIDriver",
        "ClusterServingRuntime", "ClusterStorageContainer", "ClusterIssuer", "VolumeSnapshotClass",
    };

    /// <summary>The pod template of a workload: spec.template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job), spec.jobTemplate.spec.template (CronJob).</summary>
    internal static YamlMappingNode? PodTemplate(YamlMappingNode workload)
    {
        if (Child(workload, "spec") is not YamlMappingNode spec)
            return null;
        return Scalar(workload, "kind") switch
        {
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => Child(spec, "template") as YamlMappingNode,
            "CronJob" => Child(spec, "jobTemplate") is YamlMappingNode job && Child(job, "spec") is YamlMappingNode jobSpec ? Child(jobSpec, "template") as YamlMappingNode : null,
            _ => null,
        };
    }

    /// <summary>The containers of a workload's pod template (none for other kinds).</summary>
    internal static IEnumerable<YamlMappingNode> Containers(YamlMappingNode workload) =>
        PodTemplate(workload) is { } template && Child(template, "spec") is YamlMappingNode podSpec && Child(podSpec, "containers") is YamlSequenceNode containers
            ? containers.Children.OfType<YamlMappingNode>()
            : [];

    /// <summary>spec.predictor.model.storageUri: oci://&lt;model image&gt;@sha256:… (KServe ModelCar).</summary>
    private static void PinModel(YamlMappingNode inferenceService, string modelImageWithDigest) =>
        Child<YamlMappingNode>(Child<YamlMappingNode>(Child<YamlMappingNode>(inferenceService, "spec"), "predictor"), "model")
            .Children[Text("storageUri")] = Text("oci://" + modelImageWithDigest);

    /// <summary>What a manifest that takes the model image says when none was pushed.</summary>
    private static ManifestException NoModelImage(string file, string what) =>
        new($"{file}: {what} takes the model image, which was not pushed: implement IModelImage and run ./build.sh PushModelImage Deploy.");

    /// <summary>An init container of the model image copies /models into an emptyDir that the serving container mounts read-only.</summary>
    private static void MountModel(YamlMappingNode template, YamlMappingNode container, string mountPath, string modelImageWithDigest)
    {
        const string volume = "pipeline-model";
        var podSpec = Child<YamlMappingNode>(template, "spec");
        Child<YamlSequenceNode>(podSpec, "volumes").Add(new YamlMappingNode(Text("name"), Text(volume), Text("emptyDir"), new YamlMappingNode()));
        Child<YamlSequenceNode>(podSpec, "initContainers").Add(new YamlMappingNode(
            Text("name"), Text(volume),
            Text("image"), Text(modelImageWithDigest),
            Text("command"), new YamlSequenceNode(Text("sh"), Text("-c"), Text("cp -R /models/. /mnt/model/")),
            Text("volumeMounts"), new YamlSequenceNode(new YamlMappingNode(Text("name"), Text(volume), Text("mountPath"), Text("/mnt/model")))));
        Child<YamlSequenceNode>(container, "volumeMounts").Add(new YamlMappingNode(Text("name"), Text(volume), Text("mountPath"), Text(mountPath), Text("readOnly"), Text("true")));
    }

    private static YamlScalarNode Text(string value) => new(value);

    /// <summary>The child node of that kind, added empty when missing.</summary>
    private static T Child<T>(YamlMappingNode parent, string key) where T : YamlNode, new()
    {
        if (Child(parent, key) is T existing)
            return existing;
        var created = new T();
        parent.Children[Text(key)] = created;
        return created;
    }

    private static void Render(YamlMappingNode root, YamlMappingNode metadata, DeploySettings settings, string imageWithDigest, string revision, string? modelImageWithDigest, string file)
    {
        var kind = Scalar(root, "kind")!;
        if (!ClusterScopedKinds.Contains(kind))
            metadata.Children[new YamlScalarNode("namespace")] = new YamlScalarNode(settings.Namespace);
        Child<YamlMappingNode>(metadata, "labels").Children[Text("app.kubernetes.io/version")] = Text(revision);
        if (kind == "InferenceService")
            PinModel(root, modelImageWithDigest ?? throw NoModelImage(file, $"the InferenceService {Scalar(metadata, "name")}"));
        if (PodTemplate(root) is { } template)
        {
            var containers = Containers(root).ToList();
            var target = containers.FirstOrDefault(c => Scalar(c, "name") == settings.Container)
                ?? containers.FirstOrDefault(c => IsPlaceholderOf(Scalar(c, "image"), settings.Container))
                ?? (kind == "Deployment" ? containers.FirstOrDefault() : null);
            if (kind == "Deployment" && target is null)
                throw new ManifestException($"{file}: the Deployment {Scalar(metadata, "name")} has no containers.");
            if (target is not null)
            {
                target.Children[new YamlScalarNode("image")] = new YamlScalarNode(imageWithDigest);
                if (settings.ModelMountPath is { } mountPath)
                    MountModel(template, target, mountPath, modelImageWithDigest ?? throw NoModelImage(file, $"the {kind} {Scalar(metadata, "name")} (DeploySettings.ModelMountPath)"));
                Child<YamlMappingNode>(Child<YamlMappingNode>(template, "metadata"), "annotations").Children[Text("pipeline/revision")] = Text(revision);
            }
        }

        QuoteStringMaps(root, kind);
    }

    /// <summary>An image reference that names the container as its repository (<c>model-serving:placeholder</c>): the slot for the built image.</summary>
    private static bool IsPlaceholderOf(string? image, string container) =>
        image is not null && (image == container || image.StartsWith(container + ":", StringComparison.Ordinal) || image.StartsWith(container + "@", StringComparison.Ordinal));

    /// <summary>
    /// Kubernetes reads labels, annotations, selectors and ConfigMap data as map[string]string: a plain 1234 or 1e5 would be a
    /// number there and the API refuses the object. Every such value is written quoted, whatever it looks like.
    /// </summary>
    private static void QuoteStringMaps(YamlMappingNode node, string kind)
    {
        if (kind is "ConfigMap" && Child(node, "data") is YamlMappingNode data)
            Quote(data);
        if (kind is "Secret" && Child(node, "stringData") is YamlMappingNode stringData)
            Quote(stringData);
        if (kind is "Service" && Child(node, "spec") is YamlMappingNode serviceSpec && Child(serviceSpec, "selector") is YamlMappingNode selector)
            Quote(selector);
        QuoteNested(node);
    }

    /// <summary>
    /// The string maps where Kubernetes puts them: labels and annotations of any metadata (objects, pod and job templates),
    /// a selector's matchLabels, a pod spec's nodeSelector. Matched by place, not by name, so a CRD schema that declares a
    /// property called labels keeps its numbers (maxProperties: 5).
    /// </summary>
    private static void QuoteNested(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                if (Child(mapping, "containers") is YamlSequenceNode && Child(mapping, "nodeSelector") is YamlMappingNode nodeSelector)
                    Quote(nodeSelector);
                foreach (var (key, value) in mapping.Children)
                {
                    if (value is not YamlMappingNode child)
                    {
                        QuoteNested(value);
                        continue;
                    }

                    foreach (var map in (key as YamlScalarNode)?.Value switch { "metadata" => ["labels", "annotations"], "selector" => ["matchLabels"], _ => Array.Empty<string>() })
                    {
                        if (Child(child, map) is YamlMappingNode strings)
                            Quote(strings);
                    }

                    QuoteNested(child);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                    QuoteNested(item);
                break;
        }
    }

    private static void Quote(YamlMappingNode strings)
    {
        foreach (var value in strings.Children.Values.OfType<YamlScalarNode>())
            value.Style = ScalarStyle.DoubleQuoted;
    }
}
