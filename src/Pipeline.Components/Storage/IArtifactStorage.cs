using Pipeline.Build;
using Pipeline.Build.Caching;

namespace Pipeline.Components.Storage;

/// <summary>
/// Chooses where stage outputs and tracked data are stored: a local directory (the default, <c>.nuke/cache</c>) or a
/// Cloud Storage bucket (<c>--artifact-store gs://bucket/prefix</c>), used by <c>--pull</c> and <c>--push</c>.
/// </summary>
public interface IArtifactStorage : IPipelineBuild, IArtifactStoreProvider
{
    /// <summary>A directory, or gs://bucket[/prefix].</summary>
    [Parameter("Where stage outputs and tracked data are stored: a directory (default .nuke/cache) or gs://BUCKET[/PREFIX]")]
    string ArtifactStore => Parameter(nameof(ArtifactStore), ".nuke/cache");

    /// <summary>Service-account key for a bucket store; default GOOGLE_SERVICE_ACCOUNT_KEY, then application default credentials.</summary>
    [Parameter("Service-account key for a gs:// store: the JSON, base64 of it, or a file path (default: GOOGLE_SERVICE_ACCOUNT_KEY, then application default credentials)"), Secret]
    string? GcsCredentials => Parameter<string?>(nameof(GcsCredentials), null);

    /// <summary>The Cloud Storage JSON API base address.</summary>
    [Parameter("Cloud Storage JSON API address (change it for an emulator)")]
    string GcsEndpoint => Parameter(nameof(GcsEndpoint), "https://storage.googleapis.com/");

    /// <summary>Override to tune uploads and retries.</summary>
    GcsOptions GcsOptions => new();

    IArtifactStore IArtifactStoreProvider.CreateArtifactStore()
    {
        var location = string.IsNullOrWhiteSpace(ArtifactStore) ? ".nuke/cache" : ArtifactStore.Trim(); // an unset CI variable arrives empty
        if (!GcsLocation.IsGcs(location))
            return new LocalArtifactStore(Path.GetFullPath(Path.Combine(RootDirectory, location)), location);
        if (!Uri.TryCreate(GcsEndpoint.TrimEnd('/') + "/", UriKind.Absolute, out var endpoint))
            throw new BuildConfigurationException($"--gcs-endpoint '{GcsEndpoint}' is not an absolute URL like https://storage.googleapis.com/.");
        var key = GcsCredentials ?? EnvironmentVariable("GOOGLE_SERVICE_ACCOUNT_KEY");
        if (key is { Length: > 0 })
            Log.MaskSecret(key);
        return GcsArtifactStore.Create(GcsLocation.Parse(location), endpoint, key, GcsOptions, new HttpClient { Timeout = TimeSpan.FromMinutes(10) }, Log);
    }
}
