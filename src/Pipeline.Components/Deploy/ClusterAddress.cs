using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Pipeline.Components.Deploy;

/// <summary>
/// A managed cluster named by <c>--cluster</c>: <c>gke:projects/P/locations/L/clusters/C</c>, <c>eks:REGION/NAME</c> or
/// <c>aks:SUBSCRIPTION/RESOURCE-GROUP/NAME</c>. A parameter of this type is checked when the build starts: a value of
/// another form stops it (exit 2) with <see cref="Format"/>.
/// </summary>
/// <param name="Cloud">Whose managed Kubernetes it is.</param>
/// <param name="Name">The cluster's name (for GKE, its full resource name).</param>
/// <param name="Parts">The address after the prefix, split at '/'.</param>
public sealed partial record ClusterAddress(ClusterCloud Cloud, string Name, IReadOnlyList<string> Parts) : IParsable<ClusterAddress>
{
    /// <summary>The forms an address takes.</summary>
    public const string Format = "gke:projects/P/locations/L/clusters/C, eks:REGION/NAME or aks:SUBSCRIPTION/RESOURCE-GROUP/NAME";

    /// <summary>Reads an address; throws <see cref="FormatException"/> naming the forms.</summary>
    public static ClusterAddress Parse(string value) => Parse(value, null);

    /// <inheritdoc />
    public static ClusterAddress Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out var address) ? address : throw new FormatException(Format);

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out ClusterAddress result)
    {
        result = null;
        if (s is null)
            return false;
        var colon = s.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 ? s[..colon] : "";
        var rest = colon > 0 ? s[(colon + 1)..] : s;
        var parts = rest.Split('/');
        result = kind switch
        {
            "gke" when Gke().IsMatch(rest) => new(ClusterCloud.Gke, rest, parts),
            "eks" when parts is [{ Length: > 0 }, { Length: > 0 }] => new(ClusterCloud.Eks, parts[1], parts),
            "aks" when parts is [{ Length: > 0 }, { Length: > 0 }, { Length: > 0 }] => new(ClusterCloud.Aks, parts[2], parts),
            _ => null,
        };
        return result is not null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Cloud.ToString().ToLowerInvariant()}:{string.Join('/', Parts)}";

    [GeneratedRegex("^projects/[^/]+/locations/[^/]+/clusters/[^/]+$")]
    private static partial Regex Gke();
}
