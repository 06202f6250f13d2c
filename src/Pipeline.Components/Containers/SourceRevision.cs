
namespace Pipeline.Components.Containers;

/// <summary>The commit an image is built from: sha, short sha, commit time (for fixed timestamps) and the source URL.</summary>
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
        return new SourceRevision(sha, sha.Length > 12 ? sha[..12] : sha, epoch, source);
    }
}
