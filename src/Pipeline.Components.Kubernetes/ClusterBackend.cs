namespace Pipeline.Components.Deploy;

/// <summary><c>--environment kubernetes</c>: server-side apply through the cluster's API, the record on the ApplySet parent.</summary>
internal sealed class ClusterBackend(IKubernetesDeploy build) : IDeployBackend
{
    public DeployEnvironment Environment => DeployEnvironment.Kubernetes;

    public Task<DeployResult?> DeployAsync(DeployRequest request, CancellationToken cancellationToken) =>
        ClusterDeployment.RunAsync(build, ManifestRenderer.FromYaml(request.Manifests), request.Record, cancellationToken);

    public Task<Gating.DeployRecord?> ReadRecordAsync(DeployTarget target, CancellationToken cancellationToken) =>
        ClusterDeployment.ReadRecordAsync(build, target.Settings, cancellationToken);

    public string Describe(DeployTarget target) => $" to namespace {target.Settings.Namespace}";
}
