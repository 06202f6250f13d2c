
namespace Pipeline.Components.Containers;

/// <summary>
/// The commit an image is built from: sha, short sha, commit time (for fixed timestamps) and the source URL. A work
/// tree whose tracked files differ from HEAD (uncommitted params, say) is not that commit: both shas then end in
/// <c>-dirty</c> (as <c>git describe --dirty</c>), so its tag and revision label never pass for the commit's.
/// </summary>
internal sealed record SourceRevision(string Sha, string ShortSha, long CommitEpoch, string SourceUrl)
{
    /// <summary>Reads HEAD with git; outside a repository, a fixed "local" revision.</summary>
    public static async Task<SourceRevision> OfAsync(string root, CancellationToken cancellationToken)
    {
        async Task<string?> Git(params string[] arguments)
        {
            var result = await Tooling.ProcessRunner.CaptureAsync(new Tooling.ToolCommand("git", arguments, root) { ThrowOnFailure = false }, cancellationToken);
            return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
        }

        var sha = await Git("rev-parse", "HEAD") ?? "local";
        var epoch = long.TryParse(await Git("log", "-1", "--format=%ct"), out var seconds) ? seconds : 0;
        var source = await Git("remote", "get-url", "origin") ?? "file://" + root;
        var dirty = sha != "local" && !string.IsNullOrEmpty(await Git("status", "--porcelain", "--untracked-files=no")) ? DirtySuffix : "";
        return new SourceRevision(sha + dirty, Shorten(sha + dirty), epoch, source);
    }

    /// <summary>What marks a revision built from uncommitted changes.</summary>
    public const string DirtySuffix = "-dirty";

    /// <summary>The first 12 characters of the commit, keeping the <see cref="DirtySuffix"/>.</summary>
    public static string Shorten(string revision)
    {
        var dirty = revision.EndsWith(DirtySuffix, StringComparison.Ordinal);
        var sha = dirty ? revision[..^DirtySuffix.Length] : revision;
        return (sha.Length > 12 ? sha[..12] : sha) + (dirty ? DirtySuffix : "");
    }
}
