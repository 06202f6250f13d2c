using Pipeline.Components.Deploy;

namespace Pipeline.Components.Kubernetes;

/// <summary>
/// How <c>--environment kubernetes</c> (and a GitOps wait) reaches the cluster: from <c>--kubeconfig</c>,
/// <c>--kube-context</c>, <c>--cluster</c> and <c>--no-rollback</c>, changed in <see cref="IKubernetesDeploy.ConfigureCluster"/>.
/// A declared environment's own <c>DeploySettings.Cluster</c> or <c>KubeContext</c> win over these.
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>The kubeconfig file (null: KUBECONFIG, then ~/.kube/config, then in-cluster).</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The kubeconfig context (null: the current one).</summary>
    public string? KubeContext { get; init; }

    /// <summary>A managed cluster reached without a kubeconfig, signed in through its cloud (null: the kubeconfig).</summary>
    public ClusterAddress? Cluster { get; init; }

    /// <summary>Whether a failed rollout (or a failed GitOps sync of our commit) is rolled back.</summary>
    public bool Rollback { get; init; } = true;
}
