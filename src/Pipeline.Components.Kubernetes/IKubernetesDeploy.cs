using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Deploy;

/// <summary>
/// Deploy with the cluster path: <c>--environment kubernetes</c> server-side applies the rendered manifests through the
/// Kubernetes API (a kubeconfig, or <c>--gke-cluster</c> with the service-account key), waits for the rollout,
/// diagnoses and rolls back a failed one. Implement it instead of <see cref="IDeploy"/>; the local path is unchanged.
/// </summary>
public interface IKubernetesDeploy : IDeploy
{
    /// <summary>Applies to the cluster; null for a dry run.</summary>
    Task<DeployResult?> IDeploy.DeployToClusterAsync(string manifests, CancellationToken cancellationToken)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(manifests))
            stream.Load(reader);
        return ClusterDeployment.RunAsync(this, [.. stream.Documents.Select(document => (YamlMappingNode)document.RootNode)], cancellationToken);
    }
}
