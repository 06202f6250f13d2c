namespace Pipeline.Components.Cloud;

/// <summary>The sign-in settings of a build, read once, with the environment the token sources and endpoints come from.</summary>
internal sealed record CloudAccounts(Func<string, string?> Environment, HttpClient Http)
{
    public string? AwsRoleArn { get; init; }

    public string? AwsRegion { get; init; }

    public string? AzureClientId { get; init; }

    public string? AzureTenantId { get; init; }

    public string? GoogleWorkloadIdentityProvider { get; init; }

    public string? GoogleServiceAccount { get; init; }

    /// <summary>Whether Google is reached by workload identity federation: a provider is set and no key, which wins when both are.</summary>
    public bool SignsInToGoogleKeyless(string? serviceAccountKey) => serviceAccountKey is not { Length: > 0 } && GoogleWorkloadIdentityProvider is { Length: > 0 };

    /// <summary>Every new secret (a token, a key) is handed here to be masked in the log.</summary>
    public Action<string> Mask { get; init; } = _ => { };

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
