using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary><c>--environment gitops</c>: a commit (or a pull request) to the configuration repository, the record in its trailer.</summary>
internal sealed class GitOpsBackend(IKubernetesDeploy build) : IDeployBackend
{
    public DeployEnvironment Environment => DeployEnvironment.Gitops;

    public Task<DeployResult?> DeployAsync(DeployRequest request, CancellationToken cancellationToken) =>
        GitOpsDeployment.RunAsync(build, ManifestRenderer.FromYaml(request.Manifests), request.Record, cancellationToken);

    public Task<DeployRecord?> ReadRecordAsync(DeployTarget target, CancellationToken cancellationToken) =>
        GitOpsDeployment.ReadRecordAsync(build, target.Settings, cancellationToken);

    public string Describe(DeployTarget target)
    {
        var branch = target.Settings.GitOpsBranch ?? build.GitOpsSettings.Branch;
        return (target.Settings.GitOpsPullRequest ?? build.GitOpsSettings.PullRequest) ? $" as a request into {branch} of the GitOps repository" : $" to {branch} of the GitOps repository";
    }
}
