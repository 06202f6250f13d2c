namespace Pipeline.Components.Containers;

/// <summary>
/// The links a package's postinst would create with <c>update-alternatives --install</c> (and its <c>--slave</c>
/// links): an offline base runs no maintainer script, yet libblas3 and liblapack3 (NumPy, SciPy) are found only
/// through them. Read from the script's text; a line whose paths hold shell variables is left out.
/// </summary>
internal static class MaintainerAlternatives
{
    /// <summary>One link: where it is, what it points to, and the priority that decides among candidates for the same link.</summary>
    internal sealed record Link(string Path, string Target, int Priority);

    public static IReadOnlyList<Link> Parse(string postinst)
    {
        var links = new List<Link>();
        foreach (var command in postinst.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n'))
        {
            var words = command.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var install = Array.IndexOf(words, "--install");
            if (install < 0 || !words.Take(install).Any(word => word.EndsWith("update-alternatives", StringComparison.Ordinal)) || words.Length < install + 5)
                continue;
            if (!int.TryParse(words[install + 4], System.Globalization.CultureInfo.InvariantCulture, out var priority))
                continue;
            Add(links, words[install + 1], words[install + 3], priority);
            for (var slave = Array.IndexOf(words, "--slave", install + 5); slave >= 0 && slave + 3 < words.Length; slave = Array.IndexOf(words, "--slave", slave + 4))
                Add(links, words[slave + 1], words[slave + 3], priority);
        }

        return links;
    }

    /// <summary>The link per path with the highest priority, as update-alternatives' automatic mode chooses.</summary>
    public static IReadOnlyList<Link> Chosen(IEnumerable<Link> candidates) =>
        [.. candidates.GroupBy(link => link.Path, StringComparer.Ordinal).Select(group => group.MaxBy(link => link.Priority)!).OrderBy(link => link.Path, StringComparer.Ordinal)];

    private static void Add(List<Link> links, string quotedPath, string quotedTarget, int priority)
    {
        var (path, target) = (quotedPath.Trim('"', '\''), quotedTarget.Trim('"', '\''));
        if (path.StartsWith('/') && target.StartsWith('/') && !path.Contains('$', StringComparison.Ordinal) && !target.Contains('$', StringComparison.Ordinal))
            links.Add(new Link(path, target, priority));
    }
}
