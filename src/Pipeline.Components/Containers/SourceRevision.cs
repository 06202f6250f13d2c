using Microsoft.Extensions.FileSystemGlobbing;

namespace Pipeline.Components.Containers;

/// <summary>
/// The commit an image is built from: sha, short sha, commit time (for fixed timestamps) and the source URL. A work
/// tree that is not that commit — tracked files that differ from HEAD (uncommitted params, say), or untracked files
/// among the image's inputs (a new serving script) — gives shas ending in <c>-dirty</c> (as <c>git describe
/// --dirty</c>), so its tag and revision label never pass for the commit's.
/// </summary>
public sealed record SourceRevision(string Sha, string ShortSha, long CommitEpoch, string SourceUrl)
{
    /// <summary>Reads HEAD with git; outside a repository, a fixed "local" revision.</summary>
    public static Task<SourceRevision> OfAsync(string root, CancellationToken cancellationToken) => OfAsync(root, [], cancellationToken);

    /// <summary>As <see cref="OfAsync(string, CancellationToken)"/>; an untracked file matching <paramref name="inputs"/> (paths, folders or globs) makes it dirty too.</summary>
    public static async Task<SourceRevision> OfAsync(string root, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        async Task<string?> Git(params string[] arguments)
        {
            var result = await Tooling.ProcessRunner.CaptureAsync(new Tooling.ToolCommand("git", arguments, root) { ThrowOnFailure = false }, cancellationToken);
            return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
        }

        // the four questions at once: each is a git process of its own (0.05-0.1 s on these machines), and none needs another's answer
        var head = Git("log", "-1", "--format=%H%n%ct");
        var origin = OriginAsync(root, cancellationToken);
        var changes = Git("status", "--porcelain", "--untracked-files=no");
        var untracked = inputs.Count > 0 ? Git("ls-files", "--others", "--exclude-standard", "-z") : Task.FromResult<string?>("");
        var commit = (await head)?.Split('\n') is [var hash, var time] ? (Sha: hash, Epoch: long.TryParse(time, out var seconds) ? seconds : 0) : (Sha: "local", Epoch: 0L);
        var (sha, epoch, source) = (commit.Sha, commit.Epoch, await origin);
        var dirty = sha != "local" && (!string.IsNullOrEmpty(await changes)
                                       || (inputs.Count > 0 && AnyMatches(inputs, (await untracked ?? "").Split('\0', StringSplitOptions.RemoveEmptyEntries))))
            ? DirtySuffix
            : "";
        return new SourceRevision(sha + dirty, Shorten(sha + dirty), epoch, source);
    }

    /// <summary>
    /// The URL of the repository's origin without user information (a CI clone's carries a token there:
    /// <c>https://gitlab-ci-token:…@host/…</c>), or <c>file://</c> the root when it has none.
    /// </summary>
    public static async Task<string> OriginAsync(string root, CancellationToken cancellationToken)
    {
        var result = await Tooling.ProcessRunner.CaptureAsync(new Tooling.ToolCommand("git", ["remote", "get-url", "origin"], root) { ThrowOnFailure = false }, cancellationToken);
        var url = result.ExitCode == 0 ? result.StandardOutput.Trim() : "";
        if (url.Length == 0)
            return "file://" + root;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 && !uri.IsFile
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
    }

    /// <summary>What marks a revision built from uncommitted changes.</summary>
    public const string DirtySuffix = "-dirty";

    /// <summary>Built from uncommitted changes.</summary>
    public bool IsDirty => Sha.EndsWith(DirtySuffix, StringComparison.Ordinal);

    /// <summary>
    /// The tag of an image built from this dirty revision: <c>&lt;short sha&gt;-dirty-&lt;12 hex of the image id&gt;</c>. The
    /// image id is a digest of the image's content (timestamps are the commit's), so a tag never names two contents.
    /// </summary>
    public string DirtyTag(string imageId)
    {
        var hex = imageId.StartsWith("sha256:", StringComparison.Ordinal) ? imageId["sha256:".Length..] : imageId;
        return $"{ShortSha}-{hex[..Math.Min(12, hex.Length)]}";
    }

    /// <summary>The first 12 characters of the commit, keeping the <see cref="DirtySuffix"/>.</summary>
    public static string Shorten(string revision)
    {
        var dirty = revision.EndsWith(DirtySuffix, StringComparison.Ordinal);
        var sha = dirty ? revision[..^DirtySuffix.Length] : revision;
        return (sha.Length > 12 ? sha[..12] : sha) + (dirty ? DirtySuffix : "");
    }

    /// <summary>Whether one of <paramref name="files"/> (relative, '/'-separated) is an input: equal to one, under a folder one names, or matched by a glob.</summary>
    internal static bool AnyMatches(IReadOnlyList<string> inputs, IReadOnlyList<string> files)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var input in inputs.Select(input => input.TrimEnd('/')))
        {
            matcher.AddInclude(input);
            if (!input.Contains('*', StringComparison.Ordinal))
                matcher.AddInclude(input + "/**");
        }

        return files.Any(file => matcher.Match(file).HasMatches);
    }
}
