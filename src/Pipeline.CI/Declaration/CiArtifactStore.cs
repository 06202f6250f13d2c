namespace Pipeline.CI.Declaration;

/// <summary>
/// The artifact store CI jobs share: the CI variable holding its address (gs://bucket/prefix) and the secret holding
/// its service-account key. Only jobs that run a cached target get them, and run with <c>--pull</c>.
/// </summary>
/// <param name="LocationVariable">A GitHub configuration variable / GitLab CI variable, named as the environment variable of the ArtifactStore parameter.</param>
/// <param name="CredentialsSecret">A declared secret with the service-account key (JSON or base64).</param>
public sealed record CiArtifactStore(string LocationVariable = "PIPELINE_ARTIFACT_STORE", string CredentialsSecret = "GOOGLE_SERVICE_ACCOUNT_KEY");
