using Pipeline.Build;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>
/// Tells every listener of this run how the deploy goes. A listener that fails is a warning, never a failed deploy:
/// the service answering is what counts.
/// </summary>
internal sealed class DeployFeedback(IReadOnlyList<IDeployListener> listeners, IBuildLog log)
{
    /// <summary>Deploy is about to apply the new version.</summary>
    private Task StartedAsync(DeployNews news, CancellationToken cancellationToken) => EachAsync(listener => listener.StartedAsync(news, cancellationToken), cancellationToken);

    /// <summary>Deploy finished.</summary>
    public Task FinishedAsync(DeployNews news, CancellationToken cancellationToken) => EachAsync(listener => listener.FinishedAsync(news, cancellationToken), cancellationToken);

    /// <summary>Runs Deploy, telling the listeners before and after, and returns or rethrows what Deploy did.</summary>
    public async Task<DeployResult> AroundAsync(DeployNews news, Func<Task<DeployResult>> deploy, Func<DeployResult, string?> endpointUrl, CancellationToken cancellationToken)
    {
        await StartedAsync(news, cancellationToken);
        DeployResult result;
        try
        {
            result = await deploy();
        }
        catch (Exception exception) when (exception is PipelineException)
        {
            await FinishedAsync(news.Failed(exception), CancellationToken.None);
            throw;
        }

        await FinishedAsync(news.Finished(result, endpointUrl(result)), cancellationToken);
        return result;
    }

    private async Task EachAsync(Func<IDeployListener, Task> tell, CancellationToken cancellationToken)
    {
        foreach (var listener in listeners)
        {
            try
            {
                await tell(listener);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                log.Warn($"{listener.Name}: {exception.Message} The deploy itself is not affected.");
            }
        }
    }
}
