using System.Text;
using Google.Apis.Auth.OAuth2;
using Pipeline.Build;
using Pipeline.Components.Cloud;
using Pipeline.Components.Cloud.Aws;
using Pipeline.Components.Cloud.Azure;
using Pipeline.Components.Cloud.Google;

namespace Pipeline.Components.Containers;

/// <summary>
/// Which credentials a registry gets, from parameters and the CI environment: Google Artifact Registry and GCR with
/// a service-account key (<c>_json_key</c>; the key as JSON, base64 or a file path, as the seed's
/// GOOGLE_SERVICE_ACCOUNT_KEY), GHCR with GITHUB_TOKEN, GitLab's registry with CI_REGISTRY_USER/PASSWORD, any other
/// with --registry-username/--registry-password; none for the local registry. Amazon ECR, Azure Container Registry
/// and (with a workload identity provider) Artifact Registry sign in through their cloud, keyless from CI.
/// </summary>
public static class RegistryCredentialResolver
{
    /// <summary>As <see cref="Resolve"/>, with the cloud registries' sign-in first.</summary>
    public static async Task<RegistryCredentials?> ResolveAsync(string registry, CloudAccounts accounts, string? username, string? password, string? serviceAccountKey, CancellationToken cancellationToken)
    {
        var host = registry.Split('/')[0];
        if (RegistryHost.IsLoopback(host) || (username is { Length: > 0 } && password is { Length: > 0 }))
            return Resolve(registry, accounts.Environment, username, password, serviceAccountKey);
        if (EcrLogin.RegionOf(host) is { } region)
            return await EcrLogin.CredentialsAsync(accounts, region, cancellationToken);
        if (AcrLogin.IsAcr(host))
            return await AcrLogin.CredentialsAsync(accounts, new Uri($"https://{host}/"), cancellationToken);
        if (IsGoogle(host) && accounts.SignsInToGoogleKeyless(serviceAccountKey))
            return new RegistryCredentials("oauth2accesstoken", await GoogleWorkloadIdentity.AccessTokenAsync(accounts, cancellationToken));
        return Resolve(registry, accounts.Environment, username, password, serviceAccountKey);
    }

    /// <summary>The credentials for <paramref name="registry"/>, or null when none are needed or configured.</summary>
    public static RegistryCredentials? Resolve(string registry, Func<string, string?> environment, string? username, string? password, string? serviceAccountKey)
    {
        var host = registry.Split('/')[0];
        if (RegistryHost.IsLoopback(host))
            return null;
        if (username is { Length: > 0 } && password is { Length: > 0 })
            return new RegistryCredentials(username, password);
        if (IsGoogle(host))
        {
            var key = serviceAccountKey ?? environment("GOOGLE_SERVICE_ACCOUNT_KEY")
                ?? throw new RegistryException($"Pushing to {host} needs Google credentials: keyless, --google-workload-identity-provider (GOOGLE_WORKLOAD_IDENTITY_PROVIDER) in CI; or a service-account key, GOOGLE_SERVICE_ACCOUNT_KEY (the key JSON, base64-encoded or not) or --google-service-account-key <file>.");
            return new RegistryCredentials("_json_key", ServiceAccountKey(key, host));
        }

        if (host == "ghcr.io" && environment("GITHUB_TOKEN") is { Length: > 0 } githubToken)
            return new RegistryCredentials(environment("GITHUB_ACTOR") ?? "token", githubToken);
        if (environment("CI_REGISTRY") == host && environment("CI_REGISTRY_PASSWORD") is { Length: > 0 } gitlabPassword)
            return new RegistryCredentials(environment("CI_REGISTRY_USER") ?? "gitlab-ci-token", gitlabPassword);
        throw new RegistryException($"No credentials for {host}: pass --registry-username and --registry-password (or PIPELINE_REGISTRY_USERNAME/PIPELINE_REGISTRY_PASSWORD; in CI, the password as a secret variable).");
    }

    private static bool IsGoogle(string host) => host.EndsWith("-docker.pkg.dev", StringComparison.Ordinal) || host is "gcr.io" || host.EndsWith(".gcr.io", StringComparison.Ordinal);

    /// <summary>The key JSON from JSON, base64 or a file, checked by Google.Apis.Auth's own parser.</summary>
    public static string ServiceAccountKey(string value, string host)
    {
        var json = value.TrimStart().StartsWith('{') ? value
            : File.Exists(value) ? File.ReadAllText(value)
            : TryBase64(value) ?? throw new RegistryException($"The service-account key for {host} is neither JSON, base64-encoded JSON, nor an existing file.");
        try
        {
            var credential = CredentialFactory.FromJson<ServiceAccountCredential>(json);
            return credential.Id is { Length: > 0 } ? json : throw new InvalidOperationException("no client_email");
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or Newtonsoft.Json.JsonException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new RegistryException($"The service-account key for {host} is malformed ({exception.GetType().Name}): download a new JSON key for the service account and set it again.");
        }
    }

    private static string? TryBase64(string value)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(value.Trim()));
            return text.TrimStart().StartsWith('{') ? text : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
