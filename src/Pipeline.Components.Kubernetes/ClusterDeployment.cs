using Pipeline.Components.Containers;
using Pipeline.Components.Kubernetes.Clusters;
using YamlDotNet.RepresentationModel;
using Pipeline.Components.Deploy;
using Pipeline.Components.Deploy.Gating;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes;

/// <summary>Deploy's cluster path: credentials (kubeconfig, or a GKE, EKS or AKS cluster signed in through its cloud), dry run or apply, smoke test of a public endpoint.</summary>
internal static class ClusterDeployment
{
    /// <summary>Returns null for a dry run.</summary>
    public static async Task<DeployResult?> RunAsync(IKubernetesDeploy build, IReadOnlyList<YamlMappingNode> rendered, DeployRecord record, CancellationToken cancellationToken)
    {
        var settings = build.DeploySettings;
        using var client = await ClientAsync(build, settings, cancellationToken);
        var deployer = new KubernetesDeployer(client, build.Log, settings.PollInterval);
        if (build.DryRun)
        {
            build.Log.Info("Dry run, nothing applied:\n" + await deployer.DryRunAsync(rendered, settings, cancellationToken));
            return null;
        }

        var result = await deployer.DeployAsync(rendered, settings, cancellationToken, rollback: build.ClusterSettings.Rollback, record: record.ToJson());
        if (result.Endpoint is { } endpoint && !endpoint.Contains(".svc", StringComparison.Ordinal))
        {
            var answer = await ServiceProbe.SmokeAsync(SharedHttp.Probe, new Uri($"http://{endpoint}{settings.SmokePath}"), settings.SmokeBody, cancellationToken);
            build.Log.Info($"Endpoint: http://{endpoint}/ {ServiceProbe.SmokeSummary(settings, answer)}");
        }

        return result;
    }

    /// <summary>What the cluster runs, from the record on the ApplySet parent; null when there is none.</summary>
    public static async Task<DeployRecord?> ReadRecordAsync(IKubernetesDeploy build, DeploySettings settings, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(build, settings, cancellationToken);
        return DeployRecord.FromJson(await new KubernetesDeployer(client, build.Log, settings.PollInterval).ReadRecordAsync(settings, cancellationToken));
    }

    /// <summary>
    /// A client for the cluster <paramref name="settings"/> name (an environment's own <see cref="DeploySettings.Cluster"/>
    /// or <see cref="DeploySettings.KubeContext"/>), else the build's: <c>--cluster</c> (or <c>--gke-cluster</c>) signed in
    /// through its cloud, else the kubeconfig.
    /// </summary>
    public static async Task<k8s.Kubernetes> ClientAsync(IKubernetesDeploy build, DeploySettings settings, CancellationToken cancellationToken)
    {
        var cluster = build.ClusterSettings;
        var address = settings.Cluster ?? (settings.KubeContext is null ? cluster.Cluster : null); // an environment's own context wins over the build's cluster
        var config = address is not null
            ? await ManagedCluster.ConfigAsync(build, address, cancellationToken)
            : KubernetesConfig.Load(cluster.Kubeconfig, settings.KubeContext ?? cluster.KubeContext);
        if (config.AccessToken is { Length: > 0 } accessToken)
            build.Log.MaskSecret(accessToken);
        return new k8s.Kubernetes(config);
    }
}
