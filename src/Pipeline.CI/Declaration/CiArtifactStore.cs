namespace Pipeline.CI.Declaration;

/// <summary>
/// The artifact store CI jobs share: the CI variable holding its address (gs://bucket/prefix) and the secret holding
/// its service-account key — or, keyless (<see cref="KeylessGoogle"/>), no secret: the jobs exchange their OIDC
/// token. Only jobs that run a cached target get them, and run with <c>--pull</c>.
/// </summary>
/// <param name="LocationVariable">A GitHub configuration variable / GitLab CI variable, named as the environment variable of the ArtifactStore parameter.</param>
/// <param name="CredentialsSecret">A declared secret with the service-account key (JSON or base64); empty for keyless sign-in.</param>
public sealed record CiArtifactStore(string LocationVariable = "PIPELINE_ARTIFACT_STORE", string CredentialsSecret = "GOOGLE_SERVICE_ACCOUNT_KEY")
{
    /// <summary>The OIDC token audience of keyless sign-in to the store, or null with a key.</summary>
    public string? IdentityTokenAudience { get; init; }

    /// <summary>Configuration variables (not secrets) the store's jobs also get, e.g. the workload identity provider.</summary>
    public IReadOnlyList<string> ConfigurationVariables { get; init; } = [];

    /// <summary>A Cloud Storage store reached by workload identity federation: GOOGLE_WORKLOAD_IDENTITY_PROVIDER and GOOGLE_SERVICE_ACCOUNT as CI variables, no key.</summary>
    public static CiArtifactStore KeylessGoogle(string workloadIdentityProvider, string locationVariable = "PIPELINE_ARTIFACT_STORE") =>
        new(locationVariable, "")
        {
            IdentityTokenAudience = CloudAudience.Google(workloadIdentityProvider),
            ConfigurationVariables = ["GOOGLE_WORKLOAD_IDENTITY_PROVIDER", "GOOGLE_SERVICE_ACCOUNT"],
        };
}
