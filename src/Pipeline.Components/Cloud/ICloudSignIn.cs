using Pipeline.Build;

namespace Pipeline.Components.Cloud;

/// <summary>
/// How the build signs in to AWS, Azure and Google Cloud for registries, clusters and the artifact store. Keyless
/// first: with a role, a client id or a workload identity provider set, the CI's OIDC token is exchanged for
/// short-lived credentials and no long-lived secret is needed; else the standard variables of each cloud.
/// </summary>
public interface ICloudSignIn : IGoogleCloud
{
    /// <summary>The AWS role assumed with the CI's OIDC token.</summary>
    [Parameter("AWS IAM role ARN to assume with the CI's OIDC token (keyless; audience sts.amazonaws.com). Without it: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", EnvironmentVariable = "AWS_ROLE_ARN")]
    string? AwsRoleArn => Parameter<string?>(null);

    /// <summary>The AWS region when neither the registry host nor the cluster names one.</summary>
    [Parameter("AWS region (default: the one in the ECR host or the eks: cluster)", EnvironmentVariable = "AWS_REGION")]
    string? AwsRegion => Parameter<string?>(null);

    /// <summary>The Entra ID application (or user-assigned managed identity) that trusts the CI's OIDC token.</summary>
    [Parameter("Entra ID application or managed identity client id with a federated credential for the CI (keyless; audience api://AzureADTokenExchange)", EnvironmentVariable = "AZURE_CLIENT_ID")]
    string? AzureClientId => Parameter<string?>(null);

    /// <summary>The Entra ID tenant.</summary>
    [Parameter("Entra ID tenant id (directory) of --azure-client-id", EnvironmentVariable = "AZURE_TENANT_ID")]
    string? AzureTenantId => Parameter<string?>(null);

    /// <summary>The Google workload identity provider that trusts the CI's OIDC token.</summary>
    [Parameter("Google workload identity provider, projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER (keyless, instead of a service-account key)", EnvironmentVariable = "GOOGLE_WORKLOAD_IDENTITY_PROVIDER")]
    string? GoogleWorkloadIdentityProvider => Parameter<string?>(null);

    /// <summary>The service account impersonated after the exchange.</summary>
    [Parameter("Service account email impersonated after the workload identity exchange (default: the federated identity's own access)", EnvironmentVariable = "GOOGLE_SERVICE_ACCOUNT")]
    string? GoogleServiceAccount => Parameter<string?>(null);
}
