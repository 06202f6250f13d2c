using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Components.Cloud.Google;

/// <summary>
/// Google Workload Identity Federation: the CI's OIDC token exchanged at the Security Token Service for a federated
/// access token, then (with --google-service-account) for the service account's through IAM Credentials
/// generateAccessToken — what google-github-actions/auth does, for GitHub and GitLab alike.
/// </summary>
/// <remarks>Our own two documented calls: Google.Apis.Auth's external-account credential reads the subject token only from a file or URL, and GitLab hands it in a variable.</remarks>
public static class GoogleWorkloadIdentity
{
    internal const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>The audience the provider accepts by default, and so the one asked of the CI.</summary>
    public static string AudienceOf(string provider) => Pipeline.CI.Declaration.CloudAudience.Google(provider);

    /// <summary>A Google access token by workload identity federation: the CI's OIDC token exchanged at STS, then the service account impersonated.</summary>
    public static async Task<string> AccessTokenAsync(CloudAccounts accounts, CancellationToken cancellationToken)
    {
        var provider = accounts.GoogleWorkloadIdentityProvider!;
        if (!System.Text.RegularExpressions.Regex.IsMatch(provider, "^projects/[0-9]+/locations/global/workloadIdentityPools/[^/]+/providers/[^/]+$"))
            throw new CloudSignInException($"--google-workload-identity-provider '{provider}' should look like projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER (the project number, not its id).");
        var subjectToken = await CiIdentityToken.GetAsync(accounts, AudienceOf(provider), null, cancellationToken);

        var sts = CloudEndpoint.Resolve(accounts.Environment("GOOGLE_STS_ENDPOINT"), "GOOGLE_STS_ENDPOINT", new Uri("https://sts.googleapis.com/"));
        using var exchange = await PostAsync(accounts, new Uri(sts, "v1/token"), null, new
        {
            audience = "//iam.googleapis.com/" + provider,
            grantType = "urn:ietf:params:oauth:grant-type:token-exchange",
            requestedTokenType = "urn:ietf:params:oauth:token-type:access_token",
            scope = CloudPlatformScope,
            subjectTokenType = "urn:ietf:params:oauth:token-type:jwt",
            subjectToken,
        }, status => status == HttpStatusCode.BadRequest || status == HttpStatusCode.Unauthorized
            ? $"Google STS rejected the CI's OIDC token for {provider}: check the provider's issuer, its allowed audience ({AudienceOf(provider)} by default) and its attribute condition for this repository."
            : null, cancellationToken);
        var federated = exchange.RootElement.GetProperty("access_token").GetString()!;
        accounts.Mask(federated);
        if (accounts.GoogleServiceAccount is not { Length: > 0 } serviceAccount)
            return federated;

        var iam = CloudEndpoint.Resolve(accounts.Environment("GOOGLE_IAM_CREDENTIALS_ENDPOINT"), "GOOGLE_IAM_CREDENTIALS_ENDPOINT", new Uri("https://iamcredentials.googleapis.com/"));
        using var impersonated = await PostAsync(accounts, new Uri(iam, $"v1/projects/-/serviceAccounts/{Uri.EscapeDataString(serviceAccount)}:generateAccessToken"), federated,
            new { scope = new[] { CloudPlatformScope }, lifetime = "3600s" },
            status => status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                ? $"The federated identity may not impersonate {serviceAccount}: grant roles/iam.workloadIdentityUser on the service account to the pool's principalSet for this repository."
                : status == HttpStatusCode.NotFound ? $"Service account {serviceAccount} does not exist; check --google-service-account." : null,
            cancellationToken);
        var token = impersonated.RootElement.GetProperty("accessToken").GetString()!;
        accounts.Mask(token);
        return token;
    }

    private static async Task<JsonDocument> PostAsync(CloudAccounts accounts, Uri uri, string? bearer, object body, Func<HttpStatusCode, string?> explain, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) };
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        try
        {
            using var response = await accounts.Http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
                return JsonDocument.Parse(text);
            throw new CloudSignInException((explain(response.StatusCode) ?? $"{uri.Host} answered {(int)response.StatusCode}.") + $" ({Detail(text)})");
        }
        catch (HttpRequestException exception)
        {
            throw new CloudSignInException($"{uri.Host} is unreachable ({exception.Message}).", exception);
        }
    }

    private static string Detail(string text)
    {
        try
        {
            using var error = JsonDocument.Parse(text);
            var root = error.RootElement;
            return root.TryGetProperty("error_description", out var description) ? description.GetString() ?? ""
                : root.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("message", out var message) ? message.GetString() ?? ""
                : text;
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }
}
