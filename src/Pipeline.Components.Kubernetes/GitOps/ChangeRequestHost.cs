using Pipeline.Components.CodeHost;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>
/// Where the pull or merge request of a GitOps proposal is opened: GitHub or GitLab, its API and the project, taken from
/// the repository's URL unless given (a repository given as a path, or a self-hosted GitHub, needs them given).
/// </summary>
internal static class ChangeRequestHost
{
    public static IChangeRequests For(GitOpsSettings settings, GitOpsTarget target)
    {
        var token = target.Token ?? throw new GitOpsException("--gitops-pull-request needs GITOPS_TOKEN (or --gitops-token): a token that may push a branch and open pull/merge requests on the GitOps repository.");
        var url = Uri.TryCreate(target.Repository, UriKind.Absolute, out var parsed) && parsed.Scheme is "https" or "http" ? parsed : null;
        var host = (settings.Host ?? (url?.Host == "github.com" ? "github" : url?.Host.Contains("gitlab", StringComparison.OrdinalIgnoreCase) == true ? "gitlab" : null))?.ToLowerInvariant()
            ?? throw new GitOpsException($"--gitops-pull-request cannot tell the host of {target.Display}: give --gitops-host github or --gitops-host gitlab (with --gitops-api-url for a self-hosted one).");
        var project = settings.Project ?? ProjectOf(url);
        if (string.IsNullOrEmpty(project))
            throw new GitOpsException($"--gitops-pull-request needs the project of {target.Display}: give --gitops-project owner/repository.");
        return host switch
        {
            "github" => Split(project) is var (owner, repository)
                ? new GitHubPullRequests(GitHubCommentPublisher.Client(new Uri(settings.ApiUrl ?? "https://api.github.com/"), token), owner, repository)
                : throw new GitOpsException($"--gitops-project '{project}' is not owner/repository."),
            "gitlab" => new GitLabMergeRequests(
                new GitLabRequests(SharedHttp.GitLab, new Uri(settings.ApiUrl ?? $"{url?.GetLeftPart(UriPartial.Authority) ?? throw new GitOpsException("--gitops-host gitlab with a repository path needs --gitops-api-url (https://gitlab.example.com/api/v4).")}/api/v4"), token, tokenVariable: "GITOPS_TOKEN"),
                project),
            _ => throw new GitOpsException($"--gitops-host '{host}' is neither github nor gitlab."),
        };
    }

    /// <summary>"owner/repository" from https://host/owner/repository(.git).</summary>
    private static string? ProjectOf(Uri? url) =>
        url?.AbsolutePath.Trim('/') is { Length: > 0 } path ? (path.EndsWith(".git", StringComparison.Ordinal) ? path[..^4] : path) : null;

    private static (string Owner, string Repository)? Split(string project) =>
        project.Split('/') is [var owner, var repository] && owner.Length > 0 && repository.Length > 0 ? (owner, repository) : null;
}
