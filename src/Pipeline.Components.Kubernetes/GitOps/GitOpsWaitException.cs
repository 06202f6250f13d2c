using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>The controller applied the commit and it fails, or did not apply it in time.</summary>
internal sealed class GitOpsWaitException(string message, bool timedOut = false) : PipelineException(message)
{
    /// <summary>True when the controller never showed the commit (nothing to revert: it may not have been seen).</summary>
    public bool TimedOut { get; } = timedOut;
}
