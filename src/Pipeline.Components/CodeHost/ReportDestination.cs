using System.Globalization;
using Pipeline.Build;

namespace Pipeline.Components.CodeHost;

/// <summary>
/// Where the report is posted, read from the CI environment (GITHUB_*, CI_*), with the repository and number
/// overridable by parameters. GitHub cannot show images from workflow artifacts in a comment, so there the comment
/// links to the run (its report artifact holds report.html with the plots); GitLab serves job artifacts raw, so
/// there the plots are embedded from the Report job's artifacts.
/// </summary>
public sealed record ReportDestination(IReportPublisher Publisher, string Description, int Limit, string FullReportHint, Func<string, string?> ImageUrl)
{
    /// <summary>The destination of this run, or null outside a pull/merge request (a local run posts nothing).</summary>
    public static ReportDestination? Detect(Func<string, string?> environment, string? githubToken, string? gitlabToken, string? repository, int? number, string reportDirectory)
    {
        if (environment("GITHUB_ACTIONS") == "true" && environment("GITHUB_EVENT_NAME")?.StartsWith("pull_request", StringComparison.Ordinal) == true)
        {
            var fullName = repository ?? environment("GITHUB_REPOSITORY") ?? throw new ReportPublishException("GITHUB_REPOSITORY is not set; pass --report-repository owner/name.");
            var pullRequest = number ?? PullRequestFromRef(environment("GITHUB_REF"))
                ?? throw new ReportPublishException("The pull request number is not in GITHUB_REF; pass --report-pull-request N.");
            var token = githubToken ?? throw new ReportPublishException("GITHUB_TOKEN is not set: the Report job needs it to comment (env GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}).");
            var parts = fullName.Split('/', 2);
            var api = CodeHost.CiEnvironment.GitHubApi(environment);
            var run = CodeHost.CiEnvironment.GitHubRun(environment, fullName);
            return new ReportDestination(
                new GitHubCommentPublisher(GitHubCommentPublisher.Client(api, token), parts[0], parts[^1], pullRequest),
                $"{fullName}#{pullRequest}", StickyComment.GitHubLimit, $"the 'report' artifact of {run}", _ => null);
        }

        if (environment("CI_MERGE_REQUEST_IID") is { Length: > 0 } iid)
        {
            var project = repository ?? environment("CI_PROJECT_ID") ?? throw new ReportPublishException("CI_PROJECT_ID is not set; pass --report-repository <project id or path>.");
            var mergeRequest = number ?? int.Parse(iid, CultureInfo.InvariantCulture);
            var token = gitlabToken ?? throw new ReportPublishException("GITLAB_TOKEN is not set: add a project access token with the api scope as a masked CI/CD variable GITLAB_TOKEN.");
            var api = CodeHost.CiEnvironment.GitLabApi(environment);
            var jobArtifacts = $"{environment("CI_PROJECT_URL")}/-/jobs/{environment("CI_JOB_ID")}/artifacts";
            return new ReportDestination(
                new GitLabNotePublisher(SharedHttp.GitLab, api, project, mergeRequest, token),
                $"merge request !{mergeRequest} of {project}", StickyComment.GitLabLimit, $"{jobArtifacts}/browse",
                file => $"{jobArtifacts}/raw/{reportDirectory}/{file}");
        }

        return null;
    }

    private static int? PullRequestFromRef(string? reference)
    {
        var parts = reference?.Split('/') ?? [];
        return parts.Length >= 3 && parts[1] == "pull" && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var number) ? number : null;
    }
}
