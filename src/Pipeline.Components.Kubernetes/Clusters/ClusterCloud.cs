namespace Pipeline.Components.Deploy.Clusters;

/// <summary>The managed Kubernetes services <c>--cluster</c> reaches without a kubeconfig.</summary>
internal enum ClusterCloud
{
    Gke,
    Eks,
    Aks,
}
