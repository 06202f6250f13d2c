using Pipeline.Build;
using Pipeline.Build.Caching;
using Pipeline.Components.Cloud;

namespace Pipeline.Components.Storage;

/// <summary>
/// Chooses where stage outputs and tracked data are stored: a local directory (the default, <c>.nuke/cache</c>) or a
/// Cloud Storage bucket (<c>--artifact-store gs://bucket/prefix</c>, with a key or keyless), used by <c>--pull</c> and <c>--push</c>.
/// </summary>
public interface IArtifactStorage : ICloudSignIn, IArtifactStoreProvider
{
    /// <summary>A directory, or gs://bucket[/prefix].</summary>
    [Parameter("Where stage outputs and tracked data are stored: a directory (default .nuke/cache) or gs://BUCKET[/PREFIX]")]
    string ArtifactStore => Parameter(BuildLayout.CacheDirectory);

    /// <summary>The Cloud Storage JSON API base address.</summary>
    [Parameter("Cloud Storage JSON API address (change it for an emulator)")]
    string GcsEndpoint => Parameter("https://storage.googleapis.com/");

    /// <summary>The store's location as given, or the default for an unset value (an unset CI variable arrives empty).</summary>
    public sealed string ArtifactStoreLocation => string.IsNullOrWhiteSpace(ArtifactStore) ? BuildLayout.CacheDirectory : ArtifactStore.Trim();

    /// <summary>Override to tune uploads and retries.</summary>
    GcsOptions GcsOptions => new();

    IArtifactStore IArtifactStoreProvider.CreateArtifactStore()
    {
        var location = ArtifactStoreLocation;
        if (!GcsLocation.IsGcs(location))
            return new LocalArtifactStore(RootDirectory / location, location, Log);
        if (!Uri.TryCreate(GcsEndpoint.TrimEnd('/') + "/", UriKind.Absolute, out var endpoint))
            throw new BuildConfigurationException($"--gcs-endpoint '{GcsEndpoint}' is not an absolute URL like https://storage.googleapis.com/.");
        var key = GoogleServiceAccountKey; // no key: workload identity federation when configured, else application default credentials
        if (key is { Length: > 0 })
            Log.MaskSecret(key);
        else if (CloudAccounts.Of(this) is var accounts && accounts.SignsInToGoogleKeyless(key) && CiIdentityToken.IsAvailable(EnvironmentVariable))
        {
            var keyless = new Cloud.Google.WorkloadIdentityTokenAccess(accounts);
            return GcsArtifactStore.Create(GcsLocation.Parse(location), endpoint, _ => Task.FromResult<Google.Apis.Auth.OAuth2.ITokenAccess>(keyless), GcsOptions, Log);
        }

        return GcsArtifactStore.Create(GcsLocation.Parse(location), endpoint, key, GcsOptions, Log);
    }
}
