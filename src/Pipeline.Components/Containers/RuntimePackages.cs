using System.Text.RegularExpressions;

namespace Pipeline.Components.Containers;

/// <summary>
/// The Debian/Ubuntu packages the .NET runtime needs, resolved from the machine's own package index: the ICU and
/// OpenSSL packages change names between releases (libicu72/libssl3 on Debian 12, libicu76/libssl3t64 on Debian 13,
/// libicu74/libssl3t64 on Ubuntu 24.04), so they are found by pattern, never hard-coded.
/// </summary>
internal static partial class RuntimePackages
{
    /// <summary>Packages of the same name on every supported release.</summary>
    public static readonly IReadOnlyList<string> Fixed = ["libc6", "libgcc-s1", "libstdc++6", "zlib1g", "ca-certificates", "tzdata"];

    /// <summary>The <c>apt-cache search --names-only</c> pattern of the packages whose names vary.</summary>
    public const string VaryingPattern = "^(libicu[0-9]+|libssl3(t64)?)$";

    /// <summary>
    /// The full package set from <c>apt-cache search --names-only</c> output (<c>name - description</c> lines): the
    /// newest ICU, and the 64-bit-time OpenSSL 3 where the release has it.
    /// </summary>
    public static IReadOnlyList<string> Resolve(string searchOutput)
    {
        var names = searchOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2)[0]).ToHashSet(StringComparer.Ordinal);
        var icu = names.Select(name => IcuName().Match(name)).Where(match => match.Success)
            .OrderByDescending(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Select(match => match.Value).FirstOrDefault();
        var ssl = names.Contains("libssl3t64") ? "libssl3t64" : names.Contains("libssl3") ? "libssl3" : null;
        var missing = new[] { icu is null ? "ICU (libicuNN)" : null, ssl is null ? "OpenSSL 3 (libssl3 or libssl3t64)" : null }.OfType<string>().ToList();
        if (missing.Count > 0)
            throw new ImageBuildException($"The package index has no {string.Join(" and no ", missing)}, which the .NET runtime needs. Run 'apt-get update' (a fresh container has no package lists), or pin an official runtime image with --base-image mcr.microsoft.com/dotnet/aspnet:10.0@sha256:<digest>.");
        return [.. Fixed, ssl!, icu!];
    }

    /// <summary>"name=version" per package from <c>apt-cache policy</c> output; a package without a candidate is an error naming the fix.</summary>
    public static IReadOnlyList<string> CandidateVersions(IReadOnlyList<string> packages, string policyOutput)
    {
        var candidates = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in policyOutput.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line.EndsWith(':'))
                current = line[..^1];
            else if (current is not null && line.Trim().StartsWith("Candidate:", StringComparison.Ordinal))
                candidates[current] = line.Trim()["Candidate:".Length..].Trim();
        }

        var unavailable = packages.Where(package => !candidates.TryGetValue(package, out var version) || version == "(none)").ToList();
        if (unavailable.Count > 0)
            throw new ImageBuildException($"No installable version of {string.Join(", ", unavailable)} in the package index: run 'apt-get update', or pin an official runtime image with --base-image.");
        return [.. packages.Select(package => $"{package}={candidates[package]}")];
    }

    [GeneratedRegex("^libicu([0-9]+)$")]
    private static partial Regex IcuName();
}
