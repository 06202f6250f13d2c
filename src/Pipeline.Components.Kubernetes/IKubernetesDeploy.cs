using Pipeline.Build;
using Pipeline.Components.Kubernetes.GitOps;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes;

/// <summary>
/// Deploy with the cluster back-ends: <c>--environment kubernetes</c> applies to a cluster through its API,
/// <c>--environment gitops</c> commits to a GitOps repository. Add it to the build class beside (or instead of) IDeploy.
/// It brings the clouds' sign-in (<see cref="Cloud.ICloudSignIn"/>: keyless from CI) for managed clusters and their registries.
/// </summary>
[DeployBackend<ClusterBackend>]
[DeployBackend<GitOpsBackend>]
public interface IKubernetesDeploy : IDeploy, Cloud.ICloudSignIn
{
    /// <summary>kubeconfig file for --environment kubernetes.</summary>
    [Parameter("kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster)", EnvironmentVariable = "KUBECONFIG")]
    string? Kubeconfig => Parameter<string?>(null);

    /// <summary>kubeconfig context.</summary>
    [Parameter("kubeconfig context (default: the current context)")]
    string? KubeContext => Parameter<string?>(null);

    /// <summary>A managed cluster reached through its cloud's sign-in instead of a kubeconfig.</summary>
    [Parameter("Managed cluster reached without a kubeconfig, signed in through its cloud (keyless from CI): gke:projects/P/locations/L/clusters/C, eks:REGION/NAME or aks:SUBSCRIPTION/RESOURCE-GROUP/NAME")]
    ClusterAddress? Cluster => Parameter<ClusterAddress?>(null);

    /// <summary>A GKE cluster reached with the service-account key alone.</summary>
    [Parameter("GKE cluster as projects/P/locations/L/clusters/C (the same as --cluster gke:…)")]
    string? GkeCluster => Parameter<string?>(null);

    /// <summary>Keep a failed version on the cluster instead of rolling back.</summary>
    [Parameter("On a cluster, keep a failed rollout instead of rolling back to the previous version")]
    bool NoRollback => Parameter(false);

    /// <summary>The GitOps configuration repository.</summary>
    [Parameter("GitOps configuration repository that --environment gitops commits the rendered manifests to: an HTTPS URL, or the path of a bare repository")]
    string? GitopsRepository => Parameter<string?>(null);

    /// <summary>The branch Argo CD or Flux watches.</summary>
    [Parameter("Branch of the GitOps repository to commit to (created from its default branch when missing)")]
    string GitopsBranch => Parameter("main");

    /// <summary>The folder of the GitOps repository that holds this deployment.</summary>
    [Parameter("Folder of the GitOps repository for these manifests; its YAML files are Pipeline's (default: deploy/<namespace>)")]
    string? GitopsPath => Parameter<string?>(null);

    /// <summary>User name sent with the GitOps token.</summary>
    [Parameter("User name sent with --gitops-token over HTTPS (GitHub and GitLab accept any with a token)")]
    string GitopsUsername => Parameter("x-access-token");

    /// <summary>Token with write access to the GitOps repository.</summary>
    [Parameter("Token with write access to the GitOps repository (a fine-grained GitHub token with contents: write, a GitLab project access token with write_repository)", EnvironmentVariable = "GITOPS_TOKEN"), Secret]
    string? GitopsToken => Parameter<string?>(null);

    /// <summary>Propose the GitOps change instead of pushing it.</summary>
    [Parameter("Open (or update) a pull request on GitHub, or a merge request on GitLab, into --gitops-branch instead of pushing to it (for protected branches); its description carries the report")]
    bool GitopsPullRequest => Parameter(false);

    /// <summary>The GitOps repository's host kind.</summary>
    [Parameter("github or gitlab: where --gitops-pull-request opens its request (default: from the repository's URL)")]
    string? GitopsHost => Parameter<string?>(null);

    /// <summary>The API of the GitOps repository's host.</summary>
    [Parameter("API address for --gitops-pull-request (default https://api.github.com/, or https://<host>/api/v4 for GitLab)")]
    string? GitopsApiUrl => Parameter<string?>(null);

    /// <summary>The GitOps repository as its host names it.</summary>
    [Parameter("owner/repository (GitHub) or group/project (GitLab) of the GitOps repository for --gitops-pull-request (default: from its URL)")]
    string? GitopsProject => Parameter<string?>(null);

    /// <summary>The controller object to wait for after a GitOps commit.</summary>
    [Parameter("After a GitOps commit, wait until the controller applied it and the workloads are healthy: argocd:NAMESPACE/NAME (an Application) or flux:NAMESPACE/NAME (a Kustomization), read with the cluster credentials; a failure is explained and reverted by a commit (unless --no-rollback)")]
    string? GitopsWait => Parameter<string?>(null);

    /// <summary>The GitOps settings from the <c>--gitops-*</c> parameters, before <see cref="ConfigureGitOps"/>.</summary>
    sealed GitOpsSettings GitOpsSettingsBase => new()
    {
        Repository = GitopsRepository, Branch = GitopsBranch, Path = GitopsPath, Username = GitopsUsername, Token = GitopsToken,
        PullRequest = GitopsPullRequest, Host = GitopsHost, ApiUrl = GitopsApiUrl, Project = GitopsProject, Wait = GitopsWait,
    };

    /// <summary>Override to change where and how <c>--environment gitops</c> commits.</summary>
    GitOpsSettings ConfigureGitOps(GitOpsSettings settings) => settings;

    /// <summary>The GitOps settings of this run, evaluated once.</summary>
    sealed GitOpsSettings GitOpsSettings => Settings(() =>
    {
        var settings = ConfigureGitOps(GitOpsSettingsBase);
        if (settings.Token is { Length: > 0 } token)
            Log.MaskSecret(token); // a token set in ConfigureGitOps is as secret as --gitops-token
        return settings;
    });

    /// <summary>The cluster settings from the parameters (<c>--gke-cluster</c> read as a gke: address), before <see cref="ConfigureCluster"/>.</summary>
    sealed ClusterSettings ClusterSettingsBase => new()
    {
        Kubeconfig = Kubeconfig, KubeContext = KubeContext, Rollback = !NoRollback,
        Cluster = Cluster ?? (GkeCluster is { Length: > 0 } gke
            ? ClusterAddress.TryParse("gke:" + gke, null, out var parsed) ? parsed : throw new ClusterException($"--gke-cluster '{gke}' is not a GKE cluster: use projects/P/locations/L/clusters/C.")
            : null),
    };

    /// <summary>Override to change how the cluster is reached and whether a failed rollout is rolled back.</summary>
    ClusterSettings ConfigureCluster(ClusterSettings settings) => settings;

    /// <summary>The cluster settings of this run, evaluated once.</summary>
    sealed ClusterSettings ClusterSettings => Settings(() => ConfigureCluster(ClusterSettingsBase));
}
