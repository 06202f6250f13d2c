using System.Text.RegularExpressions;

namespace Pipeline.Components.Containers;

/// <summary>
/// A Python base from the machine's package index: the newest python3.N-minimal and its standard library with the
/// packages they depend on (<see cref="PackageClosure"/>), <c>python3</c> linked to it.
/// </summary>
internal static partial class PythonBaseRecipe
{
    public static async Task<BaseImageRecipe> CreateAsync(CancellationToken cancellationToken)
    {
        var version = NewestPython(await AptCache.QueryAsync(["search", "--names-only", @"^python3\.[0-9]+-minimal$"], cancellationToken))
            ?? throw new ImageBuildException("The package index has no python3.N-minimal package. Run 'apt-get update' (a fresh container has no package lists), or pin a Python image with --base-image python:3-slim@sha256:<digest>.");
        string[] roots = [$"python{version}-minimal", $"libpython{version}-stdlib"];
        var depends = await AptCache.QueryAsync([.. PackageClosure.DependsArguments, .. roots], cancellationToken);
        var packages = PackageClosure.Of(depends, roots);
        return new BaseImageRecipe(
            "python",
            await AptCache.CandidateVersionsAsync(packages, cancellationToken),
            "python " + version,
            $"""
            ln -sf python{version} "$R/usr/bin/python3"
            mkdir -p "$R/app" "$R/models"
            """,
            ["PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1"]);
    }

    /// <summary>The highest "3.N" among <c>apt-cache search</c>'s python3.N-minimal lines; null when there is none.</summary>
    internal static string? NewestPython(string searchOutput) =>
        PythonMinimal().Matches(searchOutput).Select(match => match.Groups[1].Value)
            .OrderByDescending(minor => int.Parse(minor, System.Globalization.CultureInfo.InvariantCulture)).Select(minor => "3." + minor).FirstOrDefault();

    [GeneratedRegex(@"^python3\.([0-9]+)-minimal\b", RegexOptions.Multiline)]
    private static partial Regex PythonMinimal();
}
