using System.Text.Json.Nodes;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>One rendered manifest as the API sees it: its group, version, kind and name, and the JSON body sent by server-side apply.</summary>
internal sealed record ClusterObject(string ApiVersion, string Kind, string Name, JsonObject Body)
{
    /// <summary>The API group ("" for the core group of <c>v1</c>).</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>The version within the group.</summary>
    public string Version => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[(ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : ApiVersion;

    /// <summary>Kind.group, as an ApplySet lists it (<c>Deployment.apps</c>, <c>Service</c>).</summary>
    public string GroupKind => GroupKinds.Of(Kind, Group);

    /// <summary>The object from a manifest's JSON form.</summary>
    public static ClusterObject From(JsonObject body) => new(
        body["apiVersion"]?.GetValue<string>() ?? throw new ManifestException("A manifest has no apiVersion."),
        body["kind"]?.GetValue<string>() ?? throw new ManifestException("A manifest has no kind."),
        body["metadata"]?["name"]?.GetValue<string>() ?? throw new ManifestException("A manifest has no metadata.name."),
        body);

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Name}";
}
