using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Deploy;

/// <summary>
/// Deploy with the cluster path: <c>--environment kubernetes</c> server-side applies the rendered manifests through the
/// Kubernetes API (a kubeconfig, or <c>--gke-cluster</c> with the service-account key), waits for the rollout,
/// diagnoses and rolls back a failed one; <c>--environment gitops</c> commits them to a configuration repository that
/// Argo CD or Flux applies. Implement it instead of <see cref="IDeploy"/>; the local path is unchanged.
/// </summary>
public interface IKubernetesDeploy : IDeploy
{
    /// <summary>Applies to the cluster; null for a dry run.</summary>
    Task<DeployResult?> IDeploy.DeployToClusterAsync(string manifests, Gating.DeployRecord record, CancellationToken cancellationToken) =>
        ClusterDeployment.RunAsync(this, Documents(manifests), record, cancellationToken);

    /// <summary>Reads the record the last deploy left on the cluster (an annotation of the ApplySet parent).</summary>
    Task<Gating.DeployRecord?> IDeploy.ReadClusterRecordAsync(DeploySettings settings, CancellationToken cancellationToken) =>
        ClusterDeployment.ReadRecordAsync(this, settings, cancellationToken);

    /// <summary>Commits to the GitOps repository; null for a dry run.</summary>
    Task<DeployResult?> IDeploy.DeployToGitOpsAsync(string manifests, Gating.DeployRecord record, CancellationToken cancellationToken) =>
        GitOps.GitOpsDeployment.RunAsync(this, Documents(manifests), record, cancellationToken);

    /// <summary>Reads the record in the last commit that changed the GitOps folder.</summary>
    Task<Gating.DeployRecord?> IDeploy.ReadGitOpsRecordAsync(DeploySettings settings, CancellationToken cancellationToken) =>
        GitOps.GitOpsDeployment.ReadRecordAsync(this, settings, cancellationToken);

    private static List<YamlMappingNode> Documents(string manifests)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(manifests))
            stream.Load(reader);
        return [.. stream.Documents.Select(document => (YamlMappingNode)document.RootNode)];
    }
}
