namespace Pipeline.CI.GitHub;

/// <summary>
/// An action the generated workflow uses, pinned by the full commit SHA of a release tag (a tag can be moved, a SHA
/// cannot), with the tag written beside it as a comment so a reader and Dependabot see the version.
/// </summary>
internal sealed record PinnedAction(string Repository, string Version, string Commit)
{
    /// <summary>The <c>uses:</c> value: <c>owner/repository@sha</c>.</summary>
    public string Uses => $"{Repository}@{Commit}";
}
