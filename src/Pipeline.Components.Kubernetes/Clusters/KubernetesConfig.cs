using k8s;
using k8s.Exceptions;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Clusters;

/// <summary>Cluster access: a kubeconfig (exec plugins such as gke-gcloud-auth-plugin included) or in-cluster; a clear message when neither exists.</summary>
internal static class KubernetesConfig
{
    /// <summary>From the file (or ~/.kube/config) and context; in-cluster when running in a pod.</summary>
    public static KubernetesClientConfiguration Load(string? kubeconfig, string? context)
    {
        var path = kubeconfig ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        try
        {
            if (File.Exists(path))
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, currentContext: context);
            if (KubernetesClientConfiguration.IsInCluster())
                return KubernetesClientConfiguration.InClusterConfig();
        }
        catch (KubeConfigException exception)
        {
            throw new ClusterException($"The kubeconfig {path} cannot be used ({exception.Message}). Choose a context with --kube-context, or deploy locally with --environment local.");
        }

        throw new ClusterException($"No cluster configured: no kubeconfig at {path} (--kubeconfig or KUBECONFIG) and not running in a cluster. Deploy locally with --environment local (the default).");
    }
}
