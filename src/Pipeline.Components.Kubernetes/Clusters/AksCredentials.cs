using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using k8s;
using Pipeline.Components.Cloud;
using Pipeline.Components.Cloud.Azure;
using YamlDotNet.RepresentationModel;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Clusters;

/// <summary>
/// Azure AKS without az or kubelogin: the cluster's address and CA from the management API's user kubeconfig
/// (listClusterUserCredential), and an Entra ID token for the AKS server application, so Kubernetes RBAC (or Azure
/// RBAC for Kubernetes) decides what the CI's identity may do.
/// </summary>
internal static class AksCredentials
{
    public const string ApiVersion = "2024-02-01";

    public static async Task<KubernetesClientConfiguration> ConfigAsync(CloudAccounts accounts, string subscription, string resourceGroup, string cluster, CancellationToken cancellationToken, HttpClient? entraTransport = null)
    {
        var managementToken = await EntraSignIn.AccessTokenAsync(accounts, EntraSignIn.ManagementScope, cancellationToken, entraTransport);
        var arm = CloudEndpoint.Resolve(accounts.Environment("AZURE_RESOURCE_MANAGER_ENDPOINT"), "AZURE_RESOURCE_MANAGER_ENDPOINT", new Uri("https://management.azure.com/"));
        var path = $"subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.ContainerService/managedClusters/{cluster}/listClusterUserCredential?api-version={ApiVersion}";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(arm, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", managementToken);
        string kubeconfig;
        try
        {
            using var response = await accounts.Http.SendAsync(request, cancellationToken);
            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
                throw new ClusterException($"{accounts.AzureClientId} may not read AKS cluster {cluster} ({(int)response.StatusCode}): assign it 'Azure Kubernetes Service Cluster User Role' on the cluster.");
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new ClusterException($"AKS cluster {subscription}/{resourceGroup}/{cluster} was not found: check --cluster aks:SUBSCRIPTION/RESOURCE-GROUP/NAME.");
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            kubeconfig = Encoding.UTF8.GetString(Convert.FromBase64String(body.RootElement.GetProperty("kubeconfigs")[0].GetProperty("value").GetString()!));
        }
        catch (HttpRequestException exception)
        {
            throw new ClusterException($"The Azure management API is unreachable at {arm} ({exception.Message}).", exception);
        }

        var (server, caPem) = ServerOf(kubeconfig);
        var token = await EntraSignIn.AccessTokenAsync(accounts, EntraSignIn.KubernetesScope, cancellationToken, entraTransport);
        return ClusterEndpoint.Config(server, caPem, token);
    }

    /// <summary>The first cluster's server and CA; the user part (a kubelogin exec) is not used.</summary>
    private static (string Server, string CaPem) ServerOf(string kubeconfig)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(kubeconfig));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var cluster = (YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)root["clusters"])[0])["cluster"];
        var ca = Encoding.UTF8.GetString(Convert.FromBase64String(((YamlScalarNode)cluster["certificate-authority-data"]).Value!));
        return (((YamlScalarNode)cluster["server"]).Value!, ca);
    }
}
