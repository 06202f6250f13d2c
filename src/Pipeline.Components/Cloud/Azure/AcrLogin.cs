using System.Net;
using System.Text.Json;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Cloud.Azure;

/// <summary>
/// Azure Container Registry: an Entra ID token exchanged at the registry's <c>/oauth2/exchange</c> for an ACR
/// refresh token, which logs in as the null-GUID user (what <c>az acr login</c> does, without the CLI).
/// </summary>
internal static class AcrLogin
{
    /// <summary>The user name ACR expects with a refresh token.</summary>
    public const string TokenUser = "00000000-0000-0000-0000-000000000000";

    public static bool IsAcr(string host) => host.EndsWith(".azurecr.io", StringComparison.Ordinal) || host.EndsWith(".azurecr.cn", StringComparison.Ordinal) || host.EndsWith(".azurecr.us", StringComparison.Ordinal);

    /// <summary><paramref name="registry"/> is the registry's base address (https://NAME.azurecr.io/).</summary>
    public static async Task<RegistryCredentials> CredentialsAsync(CloudAccounts accounts, Uri registry, CancellationToken cancellationToken, HttpClient? entraTransport = null)
    {
        var entraToken = await EntraSignIn.AccessTokenAsync(accounts, EntraSignIn.ManagementScope, cancellationToken, entraTransport);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(registry, "/oauth2/exchange"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "access_token",
                ["service"] = registry.Authority,
                ["tenant"] = accounts.AzureTenantId!,
                ["access_token"] = entraToken,
            }),
        };
        try
        {
            using var response = await accounts.Http.SendAsync(request, cancellationToken);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new CloudSignInException($"{registry.Authority} refused the Entra ID token of {accounts.AzureClientId} ({(int)response.StatusCode}): assign it the AcrPush role on the registry.");
            if (!response.IsSuccessStatusCode)
                throw new CloudSignInException($"{registry.Authority} token exchange failed ({(int)response.StatusCode}); is it an Azure Container Registry?");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var refreshToken = body.RootElement.GetProperty("refresh_token").GetString()!;
            accounts.Mask(refreshToken);
            return new RegistryCredentials(TokenUser, refreshToken);
        }
        catch (HttpRequestException exception)
        {
            throw new CloudSignInException($"{registry.Authority} is unreachable for the token exchange ({exception.Message}).", exception);
        }
    }
}
