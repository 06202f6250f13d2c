using System.Text;
using System.Text.RegularExpressions;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Cloud.Aws;

/// <summary>
/// Amazon ECR: the registry's region from its host (ACCOUNT.dkr.ecr.REGION.amazonaws.com), and a 12-hour registry
/// login from GetAuthorizationToken (user AWS), as <c>aws ecr get-login-password</c> gives, without the CLI.
/// </summary>
internal static partial class EcrLogin
{
    [GeneratedRegex(@"^\d{12}\.dkr\.ecr(-fips)?\.(?<region>[a-z0-9-]+)\.amazonaws\.com(\.cn)?$")]
    private static partial Regex EcrHost();

    /// <summary>The region of an ECR registry host, or null for any other registry.</summary>
    public static string? RegionOf(string host) => EcrHost().Match(host) is { Success: true } match ? match.Groups["region"].Value : null;

    public static async Task<RegistryCredentials> CredentialsAsync(CloudAccounts accounts, string region, CancellationToken cancellationToken)
    {
        var credentials = await AwsSignIn.CredentialsAsync(accounts, region, cancellationToken);
        using var answer = await AwsApi.SendAsync(accounts.Http, HttpMethod.Post, AwsEndpoints.For("api.ecr", region, accounts.Environment), "{}",
            new Dictionary<string, string>
            {
                ["content-type"] = "application/x-amz-json-1.1",
                ["x-amz-target"] = "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken",
            }, credentials, region, "ecr", "ecr:GetAuthorizationToken", cancellationToken);
        var token = answer.RootElement.GetProperty("authorizationData")[0].GetProperty("authorizationToken").GetString()!;
        var login = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':', 2);
        accounts.Mask(login[1]);
        return new RegistryCredentials(login[0], login[1]);
    }
}
