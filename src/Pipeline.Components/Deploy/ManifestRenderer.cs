using Pipeline.Build;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Deploy;

/// <summary>
/// Renders the plain manifests for a deployment: the container's image pinned by digest, the namespace, and the
/// commit as a label and a pod-template annotation. The files in the repository are read, never rewritten.
/// </summary>
internal static class ManifestRenderer
{
    /// <summary>
    /// Every document of every *.yaml/*.yml file in the directory, rendered; errors name the file and line. A KServe
    /// InferenceService gets <paramref name="modelImageWithDigest"/> (the ModelCar image) as its <c>storageUri</c>.
    /// </summary>
    public static IReadOnlyList<YamlMappingNode> Render(string directory, DeploySettings settings, string imageWithDigest, string revision, string? modelImageWithDigest = null)
    {
        if (!Directory.Exists(directory))
            throw new ManifestException($"No manifests: {directory} does not exist.");
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(directory, "*.yaml").Concat(Directory.GetFiles(directory, "*.yml")).Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            var name = Path.GetRelativePath(Path.GetDirectoryName(directory) ?? directory, file);
            try
            {
                stream.Load(new StringReader(File.ReadAllText(file)));
            }
            catch (YamlException exception)
            {
                throw new ManifestException($"{name}({exception.Start.Line},{exception.Start.Column}): not valid YAML: {(exception.InnerException ?? exception).Message}");
            }

            foreach (var document in stream.Documents)
            {
                if (document.RootNode is not YamlMappingNode root || Scalar(root, "kind") is null || Child(root, "metadata") is not YamlMappingNode metadata || Scalar(metadata, "name") is null)
                    throw new ManifestException($"{name}({document.RootNode.Start.Line},{document.RootNode.Start.Column}): a manifest needs apiVersion, kind and metadata.name.");
                Render(root, metadata, settings, imageWithDigest, revision, modelImageWithDigest, name);
                documents.Add(root);
            }
        }

        return documents.Count > 0 ? documents : throw new ManifestException($"No manifests in {directory} (expected *.yaml files).");
    }

    /// <summary>The documents as one multi-document YAML text.</summary>
    public static string ToYaml(IEnumerable<YamlMappingNode> documents)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(documents.Select(d => new YamlDocument(d))).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    internal static string? Scalar(YamlMappingNode node, string key) => Child(node, key) is YamlScalarNode { Value: { } value } ? value : null;

    internal static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    internal static IEnumerable<YamlMappingNode> Containers(YamlMappingNode deployment) =>
        (Child(deployment, "spec") as YamlMappingNode is { } spec && Child(spec, "template") is YamlMappingNode template
         && Child(template, "spec") is YamlMappingNode podSpec && Child(podSpec, "containers") is YamlSequenceNode containers)
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
    private static void MountModel(YamlMappingNode deployment, YamlMappingNode container, string mountPath, string modelImageWithDigest)
    {
        const string volume = "pipeline-model";
        var podSpec = Child<YamlMappingNode>(Child<YamlMappingNode>(Child<YamlMappingNode>(deployment, "spec"), "template"), "spec");
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
        if (kind is not ("Namespace" or "ClusterRole" or "ClusterRoleBinding" or "PersistentVolume" or "StorageClass"))
            metadata.Children[new YamlScalarNode("namespace")] = new YamlScalarNode(settings.Namespace);
        Child<YamlMappingNode>(metadata, "labels").Children[Text("app.kubernetes.io/version")] = Text(revision);
        if (kind == "InferenceService")
            PinModel(root, modelImageWithDigest ?? throw NoModelImage(file, $"the InferenceService {Scalar(metadata, "name")}"));
        if (kind != "Deployment")
            return;

        var containers = Containers(root).ToList();
        var target = containers.FirstOrDefault(c => Scalar(c, "name") == settings.Container) ?? containers.FirstOrDefault()
            ?? throw new ManifestException($"{file}: the Deployment {Scalar(metadata, "name")} has no containers.");
        target.Children[new YamlScalarNode("image")] = new YamlScalarNode(imageWithDigest);
        if (settings.ModelMountPath is { } mountPath)
            MountModel(root, target, mountPath, modelImageWithDigest ?? throw NoModelImage(file, $"the Deployment {Scalar(metadata, "name")} (DeploySettings.ModelMountPath)"));
        if (Child(root, "spec") is YamlMappingNode spec && Child(spec, "template") is YamlMappingNode template)
            Child<YamlMappingNode>(Child<YamlMappingNode>(template, "metadata"), "annotations").Children[Text("pipeline/revision")] = Text(revision);
    }
}
