using System.Text.Json.Nodes;

namespace Pipeline.Tests.Fakes;

/// <summary>
/// The resources <see cref="FakeKubernetes"/> serves and lists in its discovery documents (<c>/api/v1</c>,
/// <c>/apis/{group}/{version}</c>, <c>/apis/{group}</c>): the built-in kinds Deploy meets, plus every CustomResourceDefinition
/// applied to it (or registered by a test), as a real API server starts serving a CRD once it is established.
/// </summary>
public sealed class FakeApiResources
{
    private readonly List<Resource> resources =
    [
        new("", "v1", "ConfigMap", "configmaps", true), new("", "v1", "Secret", "secrets", true), new("", "v1", "Service", "services", true),
        new("", "v1", "ServiceAccount", "serviceaccounts", true), new("", "v1", "Pod", "pods", true), new("", "v1", "Event", "events", true),
        new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true), new("", "v1", "Namespace", "namespaces", false),
        new("", "v1", "PersistentVolume", "persistentvolumes", false),
        new("apps", "v1", "Deployment", "deployments", true), new("apps", "v1", "StatefulSet", "statefulsets", true),
        new("apps", "v1", "DaemonSet", "daemonsets", true), new("apps", "v1", "ReplicaSet", "replicasets", true),
        new("batch", "v1", "Job", "jobs", true), new("batch", "v1", "CronJob", "cronjobs", true),
        new("networking.k8s.io", "v1", "Ingress", "ingresses", true), new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
        new("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
        new("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
        new("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
        new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
        new("rbac.authorization.k8s.io", "v1", "Role", "roles", true), new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
        new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false), new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false),
        new("argoproj.io", "v1alpha1", "Application", "applications", true),
        new("kustomize.toolkit.fluxcd.io", "v1", "Kustomization", "kustomizations", true),
    ];

    private readonly Dictionary<(string Group, string Version, string Kind), JsonObject> crdSchemas = [];

    /// <summary>A served resource.</summary>
    public sealed record Resource(string Group, string Version, string Kind, string Plural, bool Namespaced);

    /// <summary>The resource at that URL (group, version, plural), or null.</summary>
    public Resource? ByPlural(string group, string version, string plural)
    {
        lock (resources)
            return resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);
    }

    /// <summary>The openAPIV3Schema of a custom resource's version, or null for built-in kinds.</summary>
    public JsonObject? CrdSchema(string group, string version, string kind)
    {
        lock (resources)
            return crdSchemas.GetValueOrDefault((group, version, kind));
    }

    /// <summary>Serves the kinds of a CustomResourceDefinition (its JSON form), each version with its schema.</summary>
    public void Register(JsonObject crd)
    {
        var spec = crd["spec"]!;
        var group = spec["group"]!.GetValue<string>();
        var kind = spec["names"]!["kind"]!.GetValue<string>();
        var plural = spec["names"]!["plural"]!.GetValue<string>();
        var namespaced = spec["scope"]?.GetValue<string>() != "Cluster";
        lock (resources)
        {
            foreach (var version in spec["versions"]!.AsArray().OfType<JsonObject>().Where(v => v["served"]?.GetValue<bool>() != false))
            {
                var name = version["name"]!.GetValue<string>();
                resources.RemoveAll(r => r.Group == group && r.Version == name && r.Kind == kind);
                resources.Add(new Resource(group, name, kind, plural, namespaced));
                if (version["schema"]?["openAPIV3Schema"] is JsonObject schema)
                    crdSchemas[(group, name, kind)] = schema;
            }
        }
    }

    /// <summary>The APIResourceList of a group version, or null when it is not served.</summary>
    public JsonObject? ResourceList(string group, string version)
    {
        lock (resources)
        {
            var served = resources.Where(r => r.Group == group && r.Version == version).ToList();
            if (served.Count == 0)
                return null;
            return new JsonObject
            {
                ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
                ["resources"] = new JsonArray([.. served.SelectMany(r => new JsonNode[]
                {
                    new JsonObject { ["name"] = r.Plural, ["singularName"] = r.Kind.ToLowerInvariant(), ["namespaced"] = r.Namespaced, ["kind"] = r.Kind,
                        ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update", "watch") },
                    new JsonObject { ["name"] = r.Plural + "/status", ["singularName"] = "", ["namespaced"] = r.Namespaced, ["kind"] = r.Kind, ["verbs"] = new JsonArray("get", "patch", "update") },
                })]),
            };
        }
    }

    /// <summary>The APIGroup document (versions, preferred version), or null when the group is not served.</summary>
    public JsonObject? Group(string group)
    {
        lock (resources)
        {
            var versions = resources.Where(r => r.Group == group).Select(r => r.Version).Distinct().ToList();
            if (versions.Count == 0)
                return null;
            JsonObject Version(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
            return new JsonObject
            {
                ["kind"] = "APIGroup", ["apiVersion"] = "v1", ["name"] = group,
                ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)Version(v))]),
                ["preferredVersion"] = Version(versions[0]),
            };
        }
    }
}
