using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using k8s;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Clusters;

/// <summary>
/// Cluster access for GKE from a service-account key alone — no gcloud, no get-credentials action: an access token
/// from Google.Apis.Auth, and the cluster's endpoint and CA certificate from the GKE API
/// (GET v1/projects/*/locations/*/clusters/*), so the generated CI stays thin.
/// </summary>
internal static class GkeCredentials
{
    /// <summary>The production GKE API.</summary>
    public static readonly Uri ContainerApi = new("https://container.googleapis.com/");

    /// <summary>Builds the client configuration for <paramref name="cluster"/> (projects/P/locations/L/clusters/C) from a service-account key.</summary>
    public static async Task<KubernetesClientConfiguration> ConfigAsync(string serviceAccountKeyJson, string cluster, HttpClient http, Uri containerApi, CancellationToken cancellationToken)
    {
        ThrowIfMalformed(cluster);
        string token;
        try
        {
            var credential = CredentialFactory.FromJson<ServiceAccountCredential>(serviceAccountKeyJson).ToGoogleCredential().CreateScoped("https://www.googleapis.com/auth/cloud-platform");
            token = await credential.UnderlyingCredential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        }
        catch (Exception exception) when (exception is Google.Apis.Auth.OAuth2.Responses.TokenResponseException or InvalidOperationException or HttpRequestException)
        {
            throw new ClusterException($"Google rejected the service-account key when asking for an access token ({exception.GetType().Name}). Check the key is current and the account enabled.");
        }

        return await ConfigWithTokenAsync(token, cluster, http, containerApi, cancellationToken);
    }

    /// <summary>Builds the client configuration with an access token already obtained (a key's, or workload identity federation's).</summary>
    public static async Task<KubernetesClientConfiguration> ConfigWithTokenAsync(string token, string cluster, HttpClient http, Uri containerApi, CancellationToken cancellationToken)
    {
        ThrowIfMalformed(cluster);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(containerApi, $"v1/{cluster}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
            throw new ClusterException($"The Google identity may not read {cluster} ({(int)response.StatusCode}): grant it roles/container.developer on the project.");
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new ClusterException($"GKE cluster {cluster} was not found: check the cluster name.");
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var endpoint = body.RootElement.GetProperty("endpoint").GetString()!;
        var ca = body.RootElement.GetProperty("masterAuth").GetProperty("clusterCaCertificate").GetString();
        return ClusterEndpoint.Config(endpoint, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(ca!)), token);
    }

    private static void ThrowIfMalformed(string cluster)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(cluster, "^projects/[^/]+/locations/[^/]+/clusters/[^/]+$"))
            throw new ClusterException($"The GKE cluster '{cluster}' should look like projects/PROJECT/locations/LOCATION/clusters/NAME.");
    }
}
