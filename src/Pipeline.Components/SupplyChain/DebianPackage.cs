using Pipeline.Components.Containers;

namespace Pipeline.Components.SupplyChain;

/// <summary>A Debian package in an image, as a CycloneDX component names it: <c>pkg:deb/debian/NAME@VERSION?arch=…&amp;distro=…</c>.</summary>
internal sealed record DebianPackage(string Name, string? Version, string? Architecture, string? Distro)
{
    /// <summary>The package URL; the version and qualifiers only where known.</summary>
    public string Purl
    {
        get
        {
            var qualifiers = new[] { ("arch", Architecture), ("distro", Distro) }.Where(pair => pair.Item2 is { Length: > 0 }).Select(pair => $"{pair.Item1}={Uri.EscapeDataString(pair.Item2!)}").ToList();
            return $"pkg:deb/debian/{Name}{(Version is null ? "" : "@" + Uri.EscapeDataString(Version))}{(qualifiers.Count > 0 ? "?" + string.Join('&', qualifiers) : "")}";
        }
    }

    /// <summary>
    /// The packages an image's offline base recorded in its labels (<see cref="OfflineBaseImage.PackagesLabel"/>), with
    /// versions; empty when the image has no such label (a base of the user's own, or an image built before the label).
    /// </summary>
    public static IReadOnlyList<DebianPackage> FromLabels(IReadOnlyDictionary<string, string> labels, string? architecture)
    {
        if (!labels.TryGetValue(OfflineBaseImage.PackagesLabel, out var list))
            return [];
        var distro = labels.GetValueOrDefault(OfflineBaseImage.DistroLabel);
        return [.. list.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2) is [var name, var version] ? (Name: name, Version: version) : (Name: entry, Version: null))
            .Select(package => new DebianPackage(package.Name.Split(':')[0], package.Version, package.Name.Contains(':') ? package.Name.Split(':')[1] : architecture, distro))
            .OrderBy(package => package.Name, StringComparer.Ordinal)];
    }
}
