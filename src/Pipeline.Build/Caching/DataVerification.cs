namespace Pipeline.Build.Caching;

/// <summary>The result of checking data files against <c>pipeline.lock</c>: relative paths that are missing, changed, or not tracked yet.</summary>
internal sealed record DataVerification(IReadOnlyList<string> Missing, IReadOnlyList<string> Changed, IReadOnlyList<string> Untracked)
{
    /// <summary>No file is missing or changed (untracked files are allowed).</summary>
    public bool IsIntact => Missing.Count == 0 && Changed.Count == 0;
}
