using System.Security.Cryptography.X509Certificates;
using k8s;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Clusters;

/// <summary>A client configuration from a cluster's address, its CA (PEM) and a bearer token; TLS is verified against that CA, plain http only on loopback.</summary>
internal static class ClusterEndpoint
{
    public static KubernetesClientConfiguration Config(string server, string caPem, string token)
    {
        var uri = new Uri(server.Contains("://", StringComparison.Ordinal) ? server : "https://" + server);
        if (uri.Scheme != "https" && !RegistryHost.IsLoopback(uri.Authority))
            throw new ClusterException($"The cluster's API {server} is not https; Pipeline does not send a token over plain http to another machine.");
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(caPem);
        return new KubernetesClientConfiguration { Host = uri.ToString().TrimEnd('/'), AccessToken = token, SslCaCerts = certificates };
    }
}
