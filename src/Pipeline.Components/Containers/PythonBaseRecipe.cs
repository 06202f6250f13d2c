using System.Text.RegularExpressions;

namespace Pipeline.Components.Containers;

/// <summary>
/// A Python base from the machine's package index: the newest python3.N-minimal and its standard library with the
/// packages they depend on (apt's own dependency closure, install-time tools left out), <c>python3</c> linked to it.
/// </summary>
internal static partial class PythonBaseRecipe
{
    /// <summary>Needed only to install packages, never by a running interpreter.</summary>
    private static readonly HashSet<string> InstallOnly = new(StringComparer.Ordinal) { "dpkg", "tar", "debconf", "perl-base" };

    public static async Task<BaseImageRecipe> CreateAsync(CancellationToken cancellationToken)
    {
        var version = NewestPython(await AptCache.QueryAsync(["search", "--names-only", @"^python3\.[0-9]+-minimal$"], cancellationToken))
            ?? throw new ImageBuildException("The package index has no python3.N-minimal package. Run 'apt-get update' (a fresh container has no package lists), or pin a Python image with --base-image python:3-slim@sha256:<digest>.");
        string[] roots = [$"python{version}-minimal", $"libpython{version}-stdlib"];
        var depends = await AptCache.QueryAsync(["depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", .. roots], cancellationToken);
        var packages = Closure(depends, roots);
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

    /// <summary>
    /// The packages <paramref name="roots"/> need, from <c>apt-cache depends --recurse</c> output: of each group of
    /// alternatives (<c>|Depends:</c> lines) only the first is taken, as apt would, and a virtual package (in angle
    /// brackets) is its first provider; install-only tools and what only they need are left out.
    /// </summary>
    internal static IReadOnlyList<string> Closure(string dependsOutput, IReadOnlyList<string> roots)
    {
        var dependencies = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var providers = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string>? current = null;
        var inAlternatives = false;
        string? lastVirtual = null;
        foreach (var line in dependsOutput.Split('\n'))
        {
            if (line.Length == 0)
                continue;
            if (!char.IsWhiteSpace(line[0]))
            {
                current = dependencies.TryGetValue(line.Trim(), out var existing) ? existing : dependencies[line.Trim()] = [];
                inAlternatives = false;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                if (lastVirtual is not null)
                    providers.TryAdd(lastVirtual, line.Trim()); // the first provider listed under a virtual dependency
                continue;
            }

            var kind = line[..colon].Trim();
            var name = line[(colon + 1)..].Trim();
            if (current is null || kind.TrimStart('|') is not ("Depends" or "PreDepends"))
                continue;
            lastVirtual = name.StartsWith('<') ? name.Trim('<', '>') : null;
            if (!inAlternatives)
                current.Add(lastVirtual is null ? name : "<" + lastVirtual);
            inAlternatives = kind.StartsWith('|'); // the next lines are alternatives of this one: the first wins
        }

        var needed = new SortedSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(roots);
        while (queue.TryDequeue(out var package))
        {
            if (package.StartsWith('<') && !providers.TryGetValue(package[1..], out package!))
                continue;
            if (InstallOnly.Contains(package) || !needed.Add(package))
                continue;
            foreach (var dependency in dependencies.GetValueOrDefault(package) ?? [])
                queue.Enqueue(dependency);
        }

        return [.. needed];
    }

    [GeneratedRegex(@"^python3\.([0-9]+)-minimal\b", RegexOptions.Multiline)]
    private static partial Regex PythonMinimal();
}
