using System.Text;
using k8s;
using Pipeline.Components.Cloud;
using Pipeline.Components.Cloud.Aws;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Clusters;

/// <summary>
/// Amazon EKS without the aws CLI or kubectl: endpoint and CA from DescribeCluster, and the bearer token EKS
/// expects — <c>k8s-aws-v1.</c> + base64url of an STS GetCallerIdentity URL presigned with the cluster's name
/// in the signed <c>x-k8s-aws-id</c> header (what <c>aws eks get-token</c> prints).
/// </summary>
internal static class EksCredentials
{
    public const string TokenPrefix = "k8s-aws-v1.";

    public static async Task<KubernetesClientConfiguration> ConfigAsync(CloudAccounts accounts, string region, string cluster, CancellationToken cancellationToken)
    {
        var credentials = await AwsSignIn.CredentialsAsync(accounts, region, cancellationToken);
        using var description = await AwsApi.SendAsync(accounts.Http, HttpMethod.Get, new Uri(AwsEndpoints.For("eks", region, accounts.Environment), $"clusters/{Uri.EscapeDataString(cluster)}"), null,
            new Dictionary<string, string>(), credentials, region, "eks", "eks:DescribeCluster", cancellationToken);
        var found = description.RootElement.GetProperty("cluster");
        if (found.TryGetProperty("status", out var status) && status.GetString() is { } state && state != "ACTIVE")
            throw new ClusterException($"EKS cluster {cluster} is {state}, not ACTIVE; deploy when it is.");
        var endpoint = found.GetProperty("endpoint").GetString()!;
        var ca = Encoding.UTF8.GetString(Convert.FromBase64String(found.GetProperty("certificateAuthority").GetProperty("data").GetString()!));
        var token = Token(credentials, region, cluster, accounts.Environment, DateTimeOffset.UtcNow);
        accounts.Mask(token);
        return ClusterEndpoint.Config(endpoint, ca, token);
    }

    /// <summary>The token; EKS accepts it for 15 minutes whatever X-Amz-Expires says.</summary>
    public static string Token(AwsCredentials credentials, string region, string cluster, Func<string, string?> environment, DateTimeOffset now)
    {
        var sts = new Uri(AwsEndpoints.For("sts", region, environment), "?Action=GetCallerIdentity&Version=2011-06-15");
        var url = SigV4Signer.Presign("GET", sts, new Dictionary<string, string> { ["x-k8s-aws-id"] = cluster }, SigV4Signer.EmptyPayloadHash,
            credentials, region, "sts", now, TimeSpan.FromSeconds(60));
        return TokenPrefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(url.ToString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
