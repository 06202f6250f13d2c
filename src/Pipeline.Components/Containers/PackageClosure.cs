namespace Pipeline.Components.Containers;

/// <summary>
/// The Debian packages a set of packages needs at run time, read from <c>apt-cache depends --recurse</c>: apt's own
/// dependency resolution, install-time tools left out (an offline base runs no maintainer script).
/// </summary>
internal static class PackageClosure
{
    /// <summary>The arguments of <c>apt-cache depends</c> that list what <c>Of</c> reads: run-time dependencies only, recursively.</summary>
    public static readonly IReadOnlyList<string> DependsArguments = ["depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances"];

    /// <summary>Needed only to install packages (or to convert a system during an upgrade), never by a running program.</summary>
    private static readonly HashSet<string> InstallOnly = new(StringComparer.Ordinal) { "dpkg", "tar", "debconf", "perl-base", "init-system-helpers", "usrmerge", "usr-is-merged" };

    /// <summary>
    /// The packages <paramref name="roots"/> need, from <c>apt-cache depends --recurse</c> output: of each group of
    /// alternatives (<c>|Depends:</c> lines) only the first is taken, as apt would, and a virtual package (in angle
    /// brackets) is its first provider; install-only tools and what only they need are left out.
    /// </summary>
    public static IReadOnlyList<string> Of(string dependsOutput, IReadOnlyList<string> roots) => Of(dependsOutput, roots, []);

    /// <summary>
    /// As <see cref="Of(string, IReadOnlyList{string})"/>, leaving out also the packages matching <paramref name="leftOut"/>
    /// (names, or patterns with <c>*</c>) and what only they need; a root is never left out.
    /// </summary>
    public static IReadOnlyList<string> Of(string dependsOutput, IReadOnlyList<string> roots, IReadOnlyList<string> leftOut)
    {
        var excluded = leftOut.Select(pattern => new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$")).ToList();
        var rootSet = roots.ToHashSet(StringComparer.Ordinal);
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
            if (InstallOnly.Contains(package) || (!rootSet.Contains(package) && excluded.Any(pattern => pattern.IsMatch(package))) || !needed.Add(package))
                continue;
            foreach (var dependency in dependencies.GetValueOrDefault(package) ?? [])
                queue.Enqueue(dependency);
        }

        return [.. needed];
    }

    /// <summary>The packages of <paramref name="requested"/> that <c>apt-cache depends</c> printed no entry for: the index does not know them.</summary>
    public static IReadOnlyList<string> Unknown(string dependsOutput, IReadOnlyList<string> requested)
    {
        var listed = dependsOutput.Split('\n').Where(line => line.Length > 0 && !char.IsWhiteSpace(line[0])).Select(line => line.Trim()).ToHashSet(StringComparer.Ordinal);
        return [.. requested.Where(package => !listed.Contains(package))];
    }
}
