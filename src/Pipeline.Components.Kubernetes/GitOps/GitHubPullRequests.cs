using Octokit;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>Pull requests on GitHub through Octokit; the token needs pull-requests: write (and contents: write for the push).</summary>
internal sealed class GitHubPullRequests(IGitHubClient client, string owner, string repository) : IChangeRequests
{
    public async Task<ChangeRequest?> FindOpenAsync(string head, string target, CancellationToken cancellationToken)
    {
        var open = await Call(() => client.PullRequest.GetAllForRepository(owner, repository, new PullRequestRequest { State = ItemStateFilter.Open, Head = $"{owner}:{head}", Base = target }));
        return open.FirstOrDefault(request => request.Head.Ref == head) is { } found ? new ChangeRequest(found.Number, found.HtmlUrl) : null;
    }

    public async Task<ChangeRequest> OpenAsync(string head, string target, string title, string description, CancellationToken cancellationToken)
    {
        var created = await Call(() => client.PullRequest.Create(owner, repository, new NewPullRequest(title, head, target) { Body = description }));
        return new ChangeRequest(created.Number, created.HtmlUrl);
    }

    public async Task<ChangeRequest> UpdateAsync(ChangeRequest request, string title, string description, CancellationToken cancellationToken)
    {
        var updated = await Call(() => client.PullRequest.Update(owner, repository, (int)request.Number, new PullRequestUpdate { Title = title, Body = description }));
        return new ChangeRequest(updated.Number, updated.HtmlUrl);
    }

    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AuthorizationException exception)
        {
            throw new GitOpsException($"GitHub rejected GITOPS_TOKEN (401) for {owner}/{repository}: give a valid token.", exception);
        }
        catch (ForbiddenException exception)
        {
            throw new GitOpsException($"GitHub refused the pull request on {owner}/{repository} (403): the token needs pull-requests: write and contents: write on it.", exception);
        }
        catch (NotFoundException exception)
        {
            throw new GitOpsException($"GitHub does not show {owner}/{repository} to this token (404): check --gitops-project and the token's repository access.", exception);
        }
        catch (ApiValidationException exception)
        {
            throw new GitOpsException($"GitHub did not accept the pull request on {owner}/{repository}: {string.Join("; ", exception.ApiError?.Errors?.Select(error => error.Message) ?? [exception.Message])}", exception);
        }
    }
}
