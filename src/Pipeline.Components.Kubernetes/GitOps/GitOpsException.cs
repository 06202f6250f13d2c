using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>The configuration repository could not be read or written; the message names the fix.</summary>
internal sealed class GitOpsException(string message, Exception? innerException = null) : PipelineException(message, innerException);
