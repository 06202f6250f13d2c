using Pipeline.Components.Comparison;

namespace Pipeline.Components.Deploy.Feedback;

/// <summary>What the team hears about one deploy: where, which version, how it went, and the headline metrics.</summary>
/// <param name="Environment">The environment's name (production, staging, local).</param>
/// <param name="Commit">The full sha the CI run is for (deployment ref, merged pull request lookup).</param>
/// <param name="ModelVersion">The revision the image was built from, short (with -dirty when it was).</param>
/// <param name="Image">The image pinned by digest.</param>
/// <param name="RunUrl">The CI run or job, when there is one.</param>
/// <param name="Metrics">Headline metrics against the previous commit (<see cref="HeadlineMetrics"/>).</param>
internal sealed record DeployNews(string Environment, string Commit, string ModelVersion, string Image, string? RunUrl, IReadOnlyList<DiffRow> Metrics)
{
    /// <summary>How it went.</summary>
    public DeployState State { get; init; } = DeployState.InProgress;

    /// <summary>http://host[:port]/ where the service answers, when it is reachable from the runner.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>The reason given for deploying a model the gate found worse; null when the gate passed it.</summary>
    public string? AcceptedWorse { get; init; }

    /// <summary>Why it failed: the rollout diagnosis or the error.</summary>
    public string? Problem { get; init; }

    /// <summary>The digest part of <see cref="Image"/>, shortened for a headline.</summary>
    public string ShortDigest => Image.Split('@') is [_, var digest] ? digest[..Math.Min(19, digest.Length)] : Image;

    /// <summary>The news once Deploy returned.</summary>
    public DeployNews Finished(DeployResult result, string? endpointUrl) => this with
    {
        State = result.Outcome switch
        {
            DeployOutcome.Deployed => DeployState.Deployed,
            DeployOutcome.Unchanged => DeployState.Unchanged,
            DeployOutcome.RolledBack => DeployState.RolledBack,
            _ => DeployState.Failed,
        },
        EndpointUrl = endpointUrl,
    };

    /// <summary>The news when Deploy failed.</summary>
    public DeployNews Failed(Exception exception) => this with
    {
        State = exception is DeploymentFailedException failed
            ? failed.Outcome == DeployOutcome.RolledBack ? DeployState.RolledBack : DeployState.Failed
            : DeployState.Error,
        Problem = exception.Message,
    };

    /// <summary>One line saying what happened.</summary>
    public string Headline => State switch
    {
        DeployState.InProgress => $"Deploying {ModelVersion} to {Environment}",
        DeployState.Deployed => $"Deployed {ModelVersion} to {Environment}",
        DeployState.Unchanged => $"{Environment} already runs {ModelVersion} ({ShortDigest}): unchanged",
        DeployState.RolledBack => $"Rolled back {Environment}: {ModelVersion} did not become healthy",
        DeployState.Failed => $"Deploy of {ModelVersion} to {Environment} failed",
        _ => $"Deploy of {ModelVersion} to {Environment} could not run",
    };

    /// <summary>Whether the deploy went well (the status is success).</summary>
    public bool Succeeded => State is DeployState.Deployed or DeployState.Unchanged;
}
