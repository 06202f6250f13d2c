using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace Pipeline.Components.Cloud.Azure;

/// <summary>
/// Entra ID access tokens by workload identity federation (Azure.Identity's ClientAssertionCredential): the CI's
/// OIDC token (audience api://AzureADTokenExchange, or AZURE_FEDERATED_TOKEN_FILE in a pod) is the client
/// assertion for --azure-client-id in --azure-tenant-id. No client secret exists to leak.
/// </summary>
public static class EntraSignIn
{
    internal const string Audience = Pipeline.CI.Declaration.CloudAudience.Azure;

    /// <summary>ARM: the management API, and the audience ACR's token exchange accepts.</summary>
    public const string ManagementScope = "https://management.azure.com/.default";

    /// <summary>The AKS AAD server application, the same in every tenant.</summary>
    public const string KubernetesScope = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

    /// <summary>A token for <paramref name="scope"/>; <paramref name="transport"/> replaces the HTTP pipeline's client (tests trusting a fake's certificate).</summary>
    public static async Task<string> AccessTokenAsync(CloudAccounts accounts, string scope, CancellationToken cancellationToken, HttpClient? transport = null)
    {
        var clientId = accounts.AzureClientId is { Length: > 0 } id ? id
            : throw new CloudSignInException("Azure needs --azure-client-id (AZURE_CLIENT_ID): the application or managed identity with a federated credential for this CI.");
        var tenantId = accounts.AzureTenantId is { Length: > 0 } tenant ? tenant
            : throw new CloudSignInException("Azure needs --azure-tenant-id (AZURE_TENANT_ID).");
        var authority = CloudEndpoint.Resolve(accounts.Environment("AZURE_AUTHORITY_HOST"), "AZURE_AUTHORITY_HOST", AzureAuthorityHosts.AzurePublicCloud);
        var options = new ClientAssertionCredentialOptions
        {
            AuthorityHost = authority,
            DisableInstanceDiscovery = authority != AzureAuthorityHosts.AzurePublicCloud,
            Retry = { MaxRetries = 2 },
        };
        if (transport is not null)
            options.Transport = new HttpClientTransport(transport);
        var credential = new ClientAssertionCredential(tenantId, clientId, token => CiIdentityToken.GetAsync(accounts, Audience, "AZURE_FEDERATED_TOKEN_FILE", token), options);
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
            accounts.Mask(token.Token);
            return token.Token;
        }
        catch (AuthenticationFailedException exception)
        {
            var message = exception.InnerException is { } inner ? $"{inner.Message} {exception.Message}" : exception.Message;
            throw new CloudSignInException(
                message.Contains("AADSTS70021", StringComparison.Ordinal) || message.Contains("AADSTS700213", StringComparison.Ordinal)
                    ? $"Entra ID has no federated credential on {clientId} matching this CI's token: add one whose issuer, subject (the repository and branch or environment) and audience {Audience} match (README, 'Deploying to EKS, AKS or GKE')."
                : message.Contains("AADSTS700016", StringComparison.Ordinal)
                    ? $"Entra ID knows no application {clientId} in tenant {tenantId}: check --azure-client-id and --azure-tenant-id."
                : message.Contains("AADSTS700024", StringComparison.Ordinal)
                    ? "The CI's OIDC token was outside its validity time when Entra ID saw it; check the runner's clock and run again."
                : $"Entra ID refused to sign in {clientId}: {FirstLine(message)}", exception);
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
