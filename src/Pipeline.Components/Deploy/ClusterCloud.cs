namespace Pipeline.Components.Deploy;

/// <summary>The managed Kubernetes services <c>--cluster</c> reaches without a kubeconfig.</summary>
public enum ClusterCloud
{
    /// <summary>Google Kubernetes Engine.</summary>
    Gke,

    /// <summary>Amazon Elastic Kubernetes Service.</summary>
    Eks,

    /// <summary>Azure Kubernetes Service.</summary>
    Aks,
}
