using k8s;
using Pipeline.Components.Cloud;
using Pipeline.Components.Cloud.Google;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Clusters;

/// <summary>The client configuration of a <c>--cluster</c> on GKE, EKS or AKS, signed in keyless where the build says so.</summary>
internal static class ManagedCluster
{
    public static async Task<KubernetesClientConfiguration> ConfigAsync(IKubernetesDeploy build, ClusterAddress address, CancellationToken cancellationToken) =>
        await ConfigAsync(CloudAccounts.Of(build), build.GoogleServiceAccountKey, address, cancellationToken);

    public static async Task<KubernetesClientConfiguration> ConfigAsync(CloudAccounts accounts, string? googleServiceAccountKey, ClusterAddress address, CancellationToken cancellationToken, HttpClient? entraTransport = null)
    {
        switch (address.Cloud)
        {
            case ClusterCloud.Eks:
                return await EksCredentials.ConfigAsync(accounts, address.Parts[0], address.Name, cancellationToken);
            case ClusterCloud.Aks:
                return await AksCredentials.ConfigAsync(accounts, address.Parts[0], address.Parts[1], address.Name, cancellationToken, entraTransport);
            default:
                var containerApi = CloudEndpoint.Resolve(accounts.Environment("GOOGLE_CONTAINER_ENDPOINT"), "GOOGLE_CONTAINER_ENDPOINT", GkeCredentials.ContainerApi);
                if (accounts.SignsInToGoogleKeyless(googleServiceAccountKey))
                    return await GkeCredentials.ConfigWithTokenAsync(await GoogleWorkloadIdentity.AccessTokenAsync(accounts, cancellationToken), address.Name, accounts.Http, containerApi, cancellationToken);
                var key = googleServiceAccountKey ?? throw new ClusterException(
                    "A gke: cluster needs Google credentials: keyless, --google-workload-identity-provider (GOOGLE_WORKLOAD_IDENTITY_PROVIDER) in CI; or --google-service-account-key (GOOGLE_SERVICE_ACCOUNT_KEY).");
                return await GkeCredentials.ConfigAsync(RegistryCredentialResolver.ServiceAccountKey(key, "GKE"), address.Name, accounts.Http, containerApi, cancellationToken);
        }
    }
}
