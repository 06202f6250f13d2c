namespace Pipeline.Components.CodeHost;

/// <summary>Fits a comment body into a host's size limit, cutting at a line and saying so.</summary>
public static class StickyComment
{
    /// <summary>GitHub's limit on a comment body, in characters.</summary>
    public const int GitHubLimit = 65_536;

    /// <summary>GitLab's limit on a note body, in characters.</summary>
    public const int GitLabLimit = 1_000_000;

    /// <summary>The body, or its head and a note pointing to the full report when it is too long.</summary>
    public static string Fit(string body, int limit, string fullReportHint)
    {
        if (body.Length <= limit)
            return body;
        var note = $"\n\n> The report was cut to fit the {limit:N0}-character comment limit; the full report: {fullReportHint}\n";
        var head = body[..(limit - note.Length)];
        var lastLine = head.LastIndexOf('\n');
        return (lastLine > 0 ? head[..lastLine] : head) + note;
    }

    /// <summary>Whether a comment is the one carrying <paramref name="marker"/>.</summary>
    public static bool IsOurs(string? body, string marker) => body?.Contains(marker, StringComparison.Ordinal) == true;
}
