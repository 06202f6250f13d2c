using System.Collections.ObjectModel;
using System.Net;
using Octokit;
using Pipeline.Components.Tooling;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>
/// A GitHub deployment for the commit and environment, through Octokit: created as Deploy starts (status
/// <c>in_progress</c>), then <c>success</c> with the endpoint, or <c>failure</c>/<c>error</c> with why. The token needs
/// <c>deployments: write</c> (the generated Deploy job has it).
/// </summary>
internal sealed class GitHubDeployments(IGitHubClient client, string owner, string repository, string? logUrl, TimeSpan? firstRetryDelay = null) : IDeployListener
{
    /// <summary>GitHub's limit on a status description.</summary>
    public const int DescriptionLimit = 140;

    private readonly Polly.ResiliencePipeline retry = HostRetry.Create(firstRetryDelay ?? TimeSpan.FromSeconds(2),
        exception => exception is ApiException { StatusCode: >= HttpStatusCode.InternalServerError } or HttpRequestException);

    private long? deploymentId;

    /// <inheritdoc />
    public string Name => "GitHub deployment status";

    /// <inheritdoc />
    public async Task StartedAsync(DeployNews news, CancellationToken cancellationToken)
    {
        var deployment = new NewDeployment(news.Commit)
        {
            Environment = news.Environment,
            Description = DeployMessage.Cut($"{news.ModelVersion} as {news.Image}", DescriptionLimit),
            AutoMerge = false,
            RequiredContexts = new Collection<string>(), // the deploy job runs while other checks of the commit may still run
            ProductionEnvironment = news.Environment == "production",
            Payload = new Dictionary<string, string> { ["image"] = news.Image, ["modelVersion"] = news.ModelVersion },
        };
        var created = await CallAsync(() => client.Repository.Deployment.Create(owner, repository, deployment), cancellationToken);
        deploymentId = created.Id;
        await StatusAsync(DeploymentState.InProgress, news, cancellationToken);
    }

    /// <inheritdoc />
    public async Task FinishedAsync(DeployNews news, CancellationToken cancellationToken)
    {
        if (deploymentId is null)
            return; // creating it failed, and that was already reported
        await StatusAsync(news.State switch
        {
            DeployState.Deployed or DeployState.Unchanged => DeploymentState.Success,
            DeployState.RolledBack or DeployState.Failed => DeploymentState.Failure,
            _ => DeploymentState.Error,
        }, news, cancellationToken);
    }

    private Task StatusAsync(DeploymentState state, DeployNews news, CancellationToken cancellationToken)
    {
        var status = new NewDeploymentStatus(state)
        {
            Environment = news.Environment,
            EnvironmentUrl = news.EndpointUrl,
            LogUrl = logUrl,
            Description = DeployMessage.Cut(news.Problem?.Split('\n')[0] ?? news.Headline, DescriptionLimit),
        };
        return CallAsync(() => client.Repository.Deployment.Status.Create(owner, repository, deploymentId!.Value, status), cancellationToken);
    }

    private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.ExecuteAsync(async _ => await call(), cancellationToken);
        }
        catch (ForbiddenException)
        {
            throw new NotificationException($"GitHub refused the deployment on {owner}/{repository} (403): give the Deploy job 'permissions: deployments: write' (the generated workflow does).");
        }
        catch (AuthorizationException)
        {
            throw new NotificationException($"GitHub rejected the token (401) for {owner}/{repository}: set GITHUB_TOKEN to a valid token.");
        }
        catch (ApiException exception) when (exception.StatusCode >= HttpStatusCode.InternalServerError)
        {
            throw new NotificationException($"GitHub kept failing ({(int)exception.StatusCode}) after 3 retries.");
        }
        catch (ApiException exception)
        {
            throw new NotificationException($"GitHub answered {(int)exception.StatusCode} for the deployment: {exception.ApiError?.Message ?? exception.Message}");
        }
    }
}
