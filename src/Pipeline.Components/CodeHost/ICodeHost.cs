using Pipeline.Build;

namespace Pipeline.Components.CodeHost;

/// <summary>
/// The tokens of the code host the build reports to: Report's pull/merge request comment, Deploy's deployment
/// statuses and its reply on the merged pull/merge request all read them from here.
/// </summary>
public interface ICodeHost : IPipelineBuild
{
    /// <summary>Token for GitHub's REST API.</summary>
    [Parameter("GitHub token for pull request comments and deployment statuses (GITHUB_TOKEN in Actions)", EnvironmentVariable = "GITHUB_TOKEN"), Secret]
    string? GithubToken => Parameter<string?>(null);

    /// <summary>Token for GitLab's REST API.</summary>
    [Parameter("GitLab access token (api scope) for merge request notes", EnvironmentVariable = "GITLAB_TOKEN"), Secret]
    string? GitlabToken => Parameter<string?>(null);
}
