using System.Net;
using Octokit;
using Pipeline.Build;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.CodeHost;

/// <summary>The sticky comment (the one carrying the marker) on a GitHub pull request, through Octokit (which follows the comment pages).</summary>
public sealed class GitHubCommentPublisher(IGitHubClient client, string owner, string repository, int pullRequest, TimeSpan? firstRetryDelay = null, string marker = CommentMarker.Report) : IReportPublisher
{
    private readonly Polly.ResiliencePipeline retry = HostRetry.Create(firstRetryDelay ?? TimeSpan.FromSeconds(2),
        exception => exception is ApiException { StatusCode: >= HttpStatusCode.InternalServerError } or HttpRequestException);

    /// <summary>Builds the client for an API URL (https://api.github.com, or a fake) and a token.</summary>
    public static IGitHubClient Client(Uri apiUrl, string token) =>
        new GitHubClient(new ProductHeaderValue("pipeline-report"), apiUrl) { Credentials = new Credentials(token) };

    /// <inheritdoc />
    public async Task<string> PublishAsync(string body, CancellationToken cancellationToken)
    {
        try
        {
            var comments = await retry.ExecuteAsync(async _ => await client.Issue.Comment.GetAllForIssue(owner, repository, pullRequest), cancellationToken);
            var ours = comments.FirstOrDefault(comment => StickyComment.IsOurs(comment.Body, marker));
            var comment = ours is null
                ? await retry.ExecuteAsync(async _ => await client.Issue.Comment.Create(owner, repository, pullRequest, body), cancellationToken)
                : await retry.ExecuteAsync(async _ => await client.Issue.Comment.Update(owner, repository, ours.Id, body), cancellationToken);
            return comment.HtmlUrl ?? comment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (ForbiddenException)
        {
            throw new ReportPublishException(
                $"GitHub refused to write the comment on {owner}/{repository}#{pullRequest} (403): the token lacks permission. Give the job 'permissions: pull-requests: write' (the generated workflow does for Report), or use a token with the repo scope.");
        }
        catch (AuthorizationException)
        {
            throw new ReportPublishException($"GitHub rejected the token (401) for {owner}/{repository}: set GITHUB_TOKEN to a valid token.");
        }
        catch (NotFoundException)
        {
            throw new ReportPublishException($"Pull request {owner}/{repository}#{pullRequest} was not found (404): check --report-pull-request and --report-repository, and that the token can see the repository.");
        }
        catch (ApiException exception) when (exception.StatusCode >= HttpStatusCode.InternalServerError)
        {
            throw new ReportPublishException($"GitHub kept failing ({(int)exception.StatusCode}) after 3 retries; try again later.");
        }
    }
}
