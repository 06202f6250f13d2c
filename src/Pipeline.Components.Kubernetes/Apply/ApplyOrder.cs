using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>
/// The order objects are applied in, as Helm and kubectl users expect: namespaces and CRDs first (others depend on
/// them), then identities and policies, configuration, storage, Services, workloads, then what points at workloads
/// (autoscalers, Ingresses) and custom resources. Within a rank the folder's order stays.
/// </summary>
internal static class ApplyOrder
{
    private static readonly string[] Ranked =
    [
        "Namespace", "CustomResourceDefinition", "PriorityClass", "StorageClass",
        "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
        "ConfigMap", "Secret", "PersistentVolume", "PersistentVolumeClaim",
        "Service",
        "Pod", "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob",
        "PodDisruptionBudget", "HorizontalPodAutoscaler", "IngressClass", "Ingress",
    ];

    /// <summary>The objects in apply order (stable).</summary>
    public static IReadOnlyList<ClusterObject> Sort(IEnumerable<ClusterObject> objects) => [.. objects.OrderBy(o => Rank(o.Kind))];

    private static int Rank(string kind) => Array.IndexOf(Ranked, kind) is var index and >= 0 ? index : Ranked.Length; // custom resources last
}
