namespace Pipeline.Components.Cloud;

/// <summary>The sign-in settings of a build, read once, with the environment the token sources and endpoints come from.</summary>
public sealed record CloudAccounts(Func<string, string?> Environment, HttpClient Http)
{
    /// <summary>The AWS role to assume by web identity (--aws-role-arn).</summary>
    public string? AwsRoleArn { get; init; }

    /// <summary>The AWS region for STS and EKS (--aws-region).</summary>
    public string? AwsRegion { get; init; }

    /// <summary>The Entra application (client) id to sign in as (--azure-client-id).</summary>
    public string? AzureClientId { get; init; }

    /// <summary>The Entra tenant of the client id (--azure-tenant-id).</summary>
    public string? AzureTenantId { get; init; }

    /// <summary>The Google workload identity provider for keyless sign-in (--google-workload-identity-provider).</summary>
    public string? GoogleWorkloadIdentityProvider { get; init; }

    /// <summary>The Google service account to impersonate (--google-service-account).</summary>
    public string? GoogleServiceAccount { get; init; }

    /// <summary>Whether Google is reached by workload identity federation: a provider is set and no key, which wins when both are.</summary>
    public bool SignsInToGoogleKeyless(string? serviceAccountKey) => serviceAccountKey is not { Length: > 0 } && GoogleWorkloadIdentityProvider is { Length: > 0 };

    /// <summary>Every new secret (a token, a key) is handed here to be masked in the log.</summary>
    public Action<string> Mask { get; init; } = _ => { };

    /// <summary>The sign-in settings of <paramref name="build"/>, with its environment, the shared cloud HTTP client and its log's masking.</summary>
    public static CloudAccounts Of(ICloudSignIn build) => new(build.EnvironmentVariable, SharedHttp.Cloud)
    {
        AwsRoleArn = build.AwsRoleArn,
        AwsRegion = build.AwsRegion,
        AzureClientId = build.AzureClientId,
        AzureTenantId = build.AzureTenantId,
        GoogleWorkloadIdentityProvider = build.GoogleWorkloadIdentityProvider,
        GoogleServiceAccount = build.GoogleServiceAccount,
        Mask = build.Log.MaskSecret,
    };
}
