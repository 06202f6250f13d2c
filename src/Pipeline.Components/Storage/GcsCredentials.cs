using Google.Apis.Auth.OAuth2;
using Pipeline.Build.Caching;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Storage;

/// <summary>
/// OAuth access for Cloud Storage through Google.Apis.Auth: a service-account key (JSON, base64 or a file path) when
/// one is given, else application default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, the metadata server).
/// Tokens are cached and refreshed by the library.
/// </summary>
internal static class GcsCredentials
{
    private const string Scope = "https://www.googleapis.com/auth/devstorage.read_write";

    public static async Task<ITokenAccess> CreateAsync(string? serviceAccountKey, string bucket, CancellationToken cancellationToken)
    {
        if (serviceAccountKey is { Length: > 0 })
        {
            var json = RegistryCredentialResolver.ServiceAccountKey(serviceAccountKey, "gs://" + bucket);
            return CredentialFactory.FromJson<ServiceAccountCredential>(json).ToGoogleCredential().CreateScoped(Scope).UnderlyingCredential;
        }

        try
        {
            var credential = await GoogleCredential.GetApplicationDefaultAsync(cancellationToken);
            return credential.IsCreateScopedRequired ? credential.CreateScoped(Scope).UnderlyingCredential : credential.UnderlyingCredential;
        }
        catch (InvalidOperationException)
        {
            // absent credentials (a fork's pull request, a laptop without a key) mean no shared cache, not a broken build
            throw new ArtifactStoreUnavailableException(
                $"No credentials for gs://{bucket}: set GOOGLE_SERVICE_ACCOUNT_KEY or pass --google-service-account-key (a service-account key: JSON, base64 or a file path), or point GOOGLE_APPLICATION_CREDENTIALS at a key file.");
        }
    }
}
