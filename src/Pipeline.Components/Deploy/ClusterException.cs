using Pipeline.Build;

namespace Pipeline.Components.Deploy;

/// <summary>The cluster could not be reached or refused a request (kubeconfig, RBAC, GKE credentials); the message names the fix.</summary>
public sealed class ClusterException(string message, Exception? innerException = null) : PipelineException(message, innerException);
