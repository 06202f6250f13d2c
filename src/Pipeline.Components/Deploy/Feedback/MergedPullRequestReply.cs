using Octokit;
using Pipeline.Components.CodeHost;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>
/// After a merge, the deploy on main tells the merged GitHub pull request what happened: one comment per
/// environment, carrying <see cref="DeployReply.Marker"/> so a re-run updates it instead of adding another.
/// </summary>
internal sealed class MergedPullRequestReply(IGitHubClient client, string owner, string repository, TimeSpan? firstRetryDelay = null) : IDeployListener
{
    /// <inheritdoc />
    public string Name => "reply on the merged pull request";

    /// <inheritdoc />
    public Task StartedAsync(DeployNews news, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task FinishedAsync(DeployNews news, CancellationToken cancellationToken)
    {
        IReadOnlyList<CommitPullRequest> pulls;
        try
        {
            pulls = await client.Repository.Commit.PullRequests(owner, repository, news.Commit);
        }
        catch (ApiException exception)
        {
            throw new NotificationException($"GitHub did not list the pull requests of {news.Commit[..Math.Min(12, news.Commit.Length)]} ({(int)exception.StatusCode}): the token needs 'pull-requests: write'.");
        }

        if (pulls.FirstOrDefault(pull => pull.Merged || pull.MergedAt is not null) is not { } merged)
            return; // a direct push to main: no thread to answer in
        var marker = DeployReply.Marker(news.Environment);
        try
        {
            await new GitHubCommentPublisher(client, owner, repository, merged.Number, firstRetryDelay, marker).PublishAsync(DeployMessage.Markdown(news, marker), cancellationToken);
        }
        catch (ReportPublishException exception)
        {
            throw new NotificationException(exception.Message);
        }
    }
}
