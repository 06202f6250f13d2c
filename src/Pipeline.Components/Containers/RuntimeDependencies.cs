using System.Text.RegularExpressions;

namespace Pipeline.Components.Containers;

/// <summary>
/// A model's run-time packages (<see cref="ContainerSettings.RuntimePackages"/>: Debian names such as python3-sklearn)
/// added to an offline base recipe with everything they need (<see cref="PackageClosure"/>), at the index's candidate
/// versions, so they are part of the base image's tag and the base is rebuilt only when they change.
/// </summary>
internal static partial class RuntimeDependencies
{
    public static async Task<BaseImageRecipe> AddAsync(BaseImageRecipe recipe, IReadOnlyList<string> packages, IReadOnlyList<string> leftOut, CancellationToken cancellationToken)
    {
        if (packages.Count == 0)
            return recipe;
        var invalid = packages.Where(package => !PackageName().IsMatch(package)).ToList();
        if (invalid.Count > 0)
            throw new ImageBuildException($"ContainerSettings.RuntimePackages holds {string.Join(", ", invalid.Select(name => $"'{name}'"))}, which is not a Debian package name (lowercase letters, digits, '+', '-', '.'; no version): name packages as apt-cache does, such as python3-sklearn.");
        var depends = await AptCache.QueryAsync([.. PackageClosure.DependsArguments, .. packages], cancellationToken);
        var unknown = PackageClosure.Unknown(depends, packages);
        if (unknown.Count > 0)
            throw new ImageBuildException($"ContainerSettings.RuntimePackages names {string.Join(", ", unknown)}, which the machine's package index does not have: check the name with 'apt-cache search', run 'apt-get update' (a fresh container has no package lists), or build on an image with a package manager (--base-image python:3.12-slim) and install them in your Containerfile.");
        var present = recipe.Packages.Select(NameOf).ToHashSet(StringComparer.Ordinal);
        var added = PackageClosure.Of(depends, packages, leftOut).Where(package => !present.Contains(package)).ToList();
        return recipe with
        {
            Packages = [.. recipe.Packages, .. await AptCache.CandidateVersionsAsync(added, cancellationToken)],
            Identity = $"{recipe.Identity}, with {string.Join(' ', packages.Order(StringComparer.Ordinal))}{(leftOut.Count == 0 ? "" : $" without {string.Join(' ', leftOut)}")}",
        };
    }

    /// <summary>"name" of a "name=version" entry.</summary>
    private static string NameOf(string pinned) => pinned.Split('=', 2)[0];

    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]+$")]
    private static partial Regex PackageName();
}
