using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>
/// The set of objects this pipeline owns in a namespace, recorded as KEP-3659 (<c>kubectl apply --prune --applyset</c>)
/// records it: a parent Secret labelled <c>applyset.kubernetes.io/id</c>, annotated with the group-kinds it contains and
/// its tooling, and each member labelled <c>applyset.kubernetes.io/part-of</c> with the id. Pruning lists only members
/// by that label, so it never touches anything else in the namespace. The parent also carries the hash of what was
/// last applied and became healthy, so an unchanged deploy writes nothing.
/// </summary>
internal static class ApplySet
{
    public const string IdLabel = "applyset.kubernetes.io/id";
    public const string PartOfLabel = "applyset.kubernetes.io/part-of";
    public const string ToolingAnnotation = "applyset.kubernetes.io/tooling";
    public const string GroupKindsAnnotation = "applyset.kubernetes.io/contains-group-kinds";
    public const string AppliedHashAnnotation = "pipeline/applied-hash";
    public const string Tooling = "pipeline/v1";

    /// <summary>What the set runs: the <see cref="DeployRecord"/> of its last good deploy, as JSON.</summary>
    public const string RecordAnnotation = "pipeline/deploy-record";

    /// <summary>The parent Secret's name: <see cref="DeploySettings.ApplySetName"/>, else <c>pipeline-&lt;container&gt;</c>.</summary>
    public static string ParentName(DeploySettings settings) => settings.ApplySetName ?? $"pipeline-{settings.Container}";

    /// <summary>The id of a parent Secret: <c>applyset-</c> base64url(sha256(name.namespace.Secret.)) <c>-v1</c>, as the KEP defines it.</summary>
    public static string Id(string name, string ns) =>
        "applyset-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}.{ns}.Secret."))).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "-v1";

    /// <summary>
    /// The parent Secret as applied: id label, tooling, the sorted group-kinds, the applied hash once healthy (else
    /// empty) and the deploy record of what runs (the previous one while a rollout is under way).
    /// </summary>
    public static JsonObject Parent(string name, string ns, IEnumerable<string> groupKinds, string appliedHash, string? record = null)
    {
        var parent = Parent(name, ns, groupKinds, appliedHash);
        if (record is not null)
            parent["metadata"]!["annotations"]![RecordAnnotation] = record;
        return parent;
    }

    private static JsonObject Parent(string name, string ns, IEnumerable<string> groupKinds, string appliedHash) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject { [IdLabel] = Id(name, ns) },
            ["annotations"] = new JsonObject
            {
                [ToolingAnnotation] = Tooling,
                [GroupKindsAnnotation] = string.Join(",", groupKinds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
                [AppliedHashAnnotation] = appliedHash,
            },
        },
        ["type"] = "Opaque",
    };

    /// <summary>The group-kinds a live parent lists (none when it does not exist yet).</summary>
    public static IReadOnlyList<string> GroupKindsOf(JsonObject? parent) =>
        parent?["metadata"]?["annotations"]?[GroupKindsAnnotation]?.GetValue<string>() is { Length: > 0 } list ? list.Split(',') : [];

    /// <summary>The hash a live parent records as applied and healthy, or null.</summary>
    public static string? AppliedHashOf(JsonObject? parent) => parent?["metadata"]?["annotations"]?[AppliedHashAnnotation]?.GetValue<string>();

    /// <summary>The deploy record a live parent carries, or null.</summary>
    public static string? RecordOf(JsonObject? parent) => parent?["metadata"]?["annotations"]?[RecordAnnotation]?.GetValue<string>();

    /// <summary>The tooling a live parent names, or null.</summary>
    public static string? ToolingOf(JsonObject? parent) => parent?["metadata"]?["annotations"]?[ToolingAnnotation]?.GetValue<string>();

    /// <summary>Adds the membership label to an object's body.</summary>
    public static void Mark(JsonObject body, string id)
    {
        var metadata = body["metadata"]!.AsObject();
        if (metadata["labels"] is not JsonObject labels)
            metadata["labels"] = labels = [];
        labels[PartOfLabel] = id;
    }

    /// <summary>A hash of what is applied: every body in order, so any change in the folder (not only the image) applies again.</summary>
    public static string HashOf(IEnumerable<ClusterObject> objects) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", objects.Select(o => o.Body.ToJsonString())))))[..32];
}
