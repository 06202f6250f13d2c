using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>What a refused request means, with the fix: the same words for discovery, apply, read and prune.</summary>
internal static class ClusterErrors
{
    public static ClusterException Refused(int status, string method, string path, string content) => status == 401
        ? new ClusterException(
            "The cluster does not know the deploying identity (401). On EKS, give the role an access entry (aws eks create-access-entry, plus an access policy for the namespace); on AKS, a role binding for the client id (or Azure RBAC for Kubernetes); on GKE, an IAM role such as roles/container.developer; with a kubeconfig, check its credentials are current.")
        : new ClusterException($"The cluster forbids it (403): {method} {path}. Grant the deploying identity that verb on that resource (RBAC). {content}");

    public static ClusterException Unreachable(HttpRequestException exception) =>
        new($"The cluster is unreachable ({exception.Message}). Check --kubeconfig/--kube-context, or deploy locally with --environment local.", exception);
}
