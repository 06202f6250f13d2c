namespace Pipeline.CI.Declaration;

/// <summary>The audiences clouds expect in the CI's OIDC token for keyless sign-in (<see cref="CiJob.IdentityTokenAudience"/>).</summary>
public static class CloudAudience
{
    /// <summary>AWS STS AssumeRoleWithWebIdentity (the IAM OIDC provider's client id).</summary>
    public const string Aws = "sts.amazonaws.com";

    /// <summary>Entra ID workload identity federation.</summary>
    public const string Azure = "api://AzureADTokenExchange";

    /// <summary>A Google workload identity provider's default allowed audience (projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER).</summary>
    public static string Google(string provider) => "https://iam.googleapis.com/" + provider;
}
