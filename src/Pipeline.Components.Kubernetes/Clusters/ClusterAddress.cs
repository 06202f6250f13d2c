using Pipeline.Build;

namespace Pipeline.Components.Deploy.Clusters;

/// <summary>A managed cluster named by <c>--cluster</c>: <c>gke:projects/P/locations/L/clusters/C</c>, <c>eks:REGION/NAME</c> or <c>aks:SUBSCRIPTION/RESOURCE-GROUP/NAME</c>.</summary>
internal sealed record ClusterAddress(ClusterCloud Cloud, string Name, IReadOnlyList<string> Parts)
{
    public const string Format = "gke:projects/P/locations/L/clusters/C, eks:REGION/NAME or aks:SUBSCRIPTION/RESOURCE-GROUP/NAME";

    public static ClusterAddress Parse(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 ? value[..colon] : "";
        var rest = colon > 0 ? value[(colon + 1)..] : value;
        var parts = rest.Split('/');
        return kind switch
        {
            "gke" when System.Text.RegularExpressions.Regex.IsMatch(rest, "^projects/[^/]+/locations/[^/]+/clusters/[^/]+$") => new(ClusterCloud.Gke, rest, parts),
            "eks" when parts is [{ Length: > 0 }, { Length: > 0 }] => new(ClusterCloud.Eks, parts[1], parts),
            "aks" when parts is [{ Length: > 0 }, { Length: > 0 }, { Length: > 0 }] => new(ClusterCloud.Aks, parts[2], parts),
            _ => throw new ClusterException($"--cluster '{value}' is not a cluster address: use {Format}."),
        };
    }
}
