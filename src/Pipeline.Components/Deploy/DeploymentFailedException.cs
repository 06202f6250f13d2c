using Pipeline.Build;

namespace Pipeline.Components.Deploy;

/// <summary>The new version did not become healthy; <see cref="Outcome"/> says whether the previous one was put back.</summary>
public sealed class DeploymentFailedException(DeployOutcome outcome, string message, Exception? innerException = null) : PipelineException(message, innerException)
{
    /// <summary><see cref="DeployOutcome.RolledBack"/> or <see cref="DeployOutcome.Failed"/>.</summary>
    public DeployOutcome Outcome { get; } = outcome;
}
