using Pipeline.Components.Containers;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Deploy;

/// <summary>Deploy's cluster path: credentials (kubeconfig or a GKE service-account key), dry run or apply, smoke test of a public endpoint.</summary>
internal static class ClusterDeployment
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>Returns null for a dry run.</summary>
    public static async Task<DeployResult?> RunAsync(IDeploy build, IReadOnlyList<YamlMappingNode> rendered, CancellationToken cancellationToken)
    {
        var settings = build.DeploySettings;
        using var client = await ClientAsync(build, cancellationToken);
        var deployer = new KubernetesDeployer(client, build.Log, PollInterval);
        if (build.DryRun)
        {
            build.Log.Info("Dry run, nothing applied:\n" + await deployer.DryRunAsync(rendered, settings, cancellationToken));
            return null;
        }

        var result = await deployer.DeployAsync(rendered, settings, cancellationToken, rollback: !build.NoRollback);
        if (result.Endpoint is { } endpoint && !endpoint.Contains(".svc", StringComparison.Ordinal))
        {
            var answer = await ServiceProbe.SmokeAsync(SharedHttp.Probe, new Uri($"http://{endpoint}{settings.SmokePath}"), settings.SmokeBody, cancellationToken);
            build.Log.Info($"Endpoint: http://{endpoint}/ {ServiceProbe.SmokeSummary(settings, answer)}");
        }

        return result;
    }

    /// <summary>A client for the cluster the build names: <c>--gke-cluster</c> with the service-account key, else the kubeconfig.</summary>
    public static async Task<k8s.Kubernetes> ClientAsync(IDeploy build, CancellationToken cancellationToken)
    {
        var config = build.GkeCluster is { Length: > 0 } gke
            ? await GkeCredentials.ConfigAsync(
                RegistryCredentialResolver.ServiceAccountKey(build.GoogleServiceAccountKey
                    ?? throw new ClusterException("--gke-cluster needs a service-account key: --google-service-account-key or GOOGLE_SERVICE_ACCOUNT_KEY."), "GKE"),
                gke, SharedHttp.Google, GkeCredentials.ContainerApi, cancellationToken)
            : KubernetesConfig.Load(build.Kubeconfig, build.KubeContext);
        if (config.AccessToken is { Length: > 0 } accessToken)
            build.Log.MaskSecret(accessToken);
        return new k8s.Kubernetes(config);
    }
}
