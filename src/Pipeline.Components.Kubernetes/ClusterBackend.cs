using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes;

/// <summary><c>--environment kubernetes</c>: server-side apply through the cluster's API, the record on the ApplySet parent.</summary>
internal sealed class ClusterBackend(IKubernetesDeploy build) : IDeployBackend
{
    public DeployEnvironment Environment => DeployEnvironment.Kubernetes;

    public Task<DeployResult?> DeployAsync(DeployRequest request, CancellationToken cancellationToken) =>
        ClusterDeployment.RunAsync(build, ManifestRenderer.FromYaml(request.Manifests), request.Record, cancellationToken);

    public Task<DeployRecord?> ReadRecordAsync(DeployTarget target, CancellationToken cancellationToken) =>
        ClusterDeployment.ReadRecordAsync(build, target.Settings, cancellationToken);

    public string Describe(DeployTarget target) => $" to namespace {target.Settings.Namespace}";
}
