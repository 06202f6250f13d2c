namespace Pipeline.Components.Deploy.Feedback;

/// <summary>Somewhere a deploy is made visible: a deployment status, a chat message, the merged pull request.</summary>
internal interface IDeployListener
{
    /// <summary>What it is, for the warning when it fails ("Slack", "GitHub deployment").</summary>
    string Name { get; }

    /// <summary>Deploy is about to apply the new version.</summary>
    Task StartedAsync(DeployNews news, CancellationToken cancellationToken);

    /// <summary>Deploy finished: <see cref="DeployNews.State"/> says how.</summary>
    Task FinishedAsync(DeployNews news, CancellationToken cancellationToken);
}
