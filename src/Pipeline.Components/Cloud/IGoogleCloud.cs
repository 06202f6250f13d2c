using Pipeline.Build;

namespace Pipeline.Components.Cloud;

/// <summary>
/// The one route of a Google service-account key into the build: Artifact Registry (Push), GKE (Deploy) and the
/// Cloud Storage artifact store all read <see cref="GoogleServiceAccountKey"/>, from
/// <c>--google-service-account-key</c> or <c>GOOGLE_SERVICE_ACCOUNT_KEY</c> (the seed's CI secret name).
/// </summary>
public interface IGoogleCloud : IPipelineBuild
{
    /// <summary>Service-account key: the JSON, base64 of it, or a file path.</summary>
    [Parameter("Google service-account key (JSON, base64 JSON or a file path) for Artifact Registry, GKE and a gs:// artifact store", EnvironmentVariable = "GOOGLE_SERVICE_ACCOUNT_KEY"), Secret]
    string? GoogleServiceAccountKey => Parameter<string?>(null);
}
