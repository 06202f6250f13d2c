using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Pipeline.Components.Cloud.Aws;

/// <summary>
/// AWS credentials: with a role, keyless — the CI's OIDC token (audience sts.amazonaws.com, or the file of
/// AWS_WEB_IDENTITY_TOKEN_FILE) exchanged by STS AssumeRoleWithWebIdentity for one hour's credentials; else the
/// standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
/// </summary>
public static class AwsSignIn
{
    internal const string Audience = Pipeline.CI.Declaration.CloudAudience.Aws;

    /// <summary>Credentials for <paramref name="region"/>: the role by web identity (the CI's OIDC token) when one is set, else the environment's keys.</summary>
    public static async Task<AwsCredentials> CredentialsAsync(CloudAccounts accounts, string region, CancellationToken cancellationToken)
    {
        var credentials = accounts.AwsRoleArn is { Length: > 0 } role
            ? await AssumeRoleAsync(accounts, role, region, cancellationToken)
            : FromEnvironment(accounts.Environment);
        accounts.Mask(credentials.SecretAccessKey);
        if (credentials.SessionToken is { Length: > 0 } session)
            accounts.Mask(session);
        return credentials;
    }

    private static AwsCredentials FromEnvironment(Func<string, string?> environment) =>
        environment("AWS_ACCESS_KEY_ID") is { Length: > 0 } keyId && environment("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret
            ? new AwsCredentials(keyId, secret, environment("AWS_SESSION_TOKEN") is { Length: > 0 } session ? session : null)
            : throw new CloudSignInException(
                "No AWS credentials: set --aws-role-arn (AWS_ROLE_ARN) to sign in keyless with the CI's OIDC token, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");

    private static async Task<AwsCredentials> AssumeRoleAsync(CloudAccounts accounts, string role, string region, CancellationToken cancellationToken)
    {
        var token = await CiIdentityToken.GetAsync(accounts, Audience, "AWS_WEB_IDENTITY_TOKEN_FILE", cancellationToken);
        var config = new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = AwsEndpoints.For("sts", region, accounts.Environment).ToString(),
            AuthenticationRegion = region,
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
        try
        {
            var response = await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
            {
                RoleArn = role,
                RoleSessionName = SessionName(accounts.Environment),
                WebIdentityToken = token,
                DurationSeconds = 3600,
            }, cancellationToken);
            var issued = response.Credentials;
            return new AwsCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken);
        }
        catch (AmazonSecurityTokenServiceException exception)
        {
            throw new CloudSignInException(exception.ErrorCode switch
            {
                "AccessDenied" => $"AWS refused to let the CI assume {role} ({exception.Message}). The role's trust policy must allow sts:AssumeRoleWithWebIdentity for this CI's OIDC provider, with aud = {Audience} and a sub condition matching this repository and branch (see README, 'Deploying to EKS, AKS or GKE').",
                "InvalidIdentityToken" or "IDPRejectedClaim" => $"AWS rejected the CI's OIDC token ({exception.Message}). Add the CI's issuer as an IAM OIDC identity provider with audience {Audience}.",
                "ExpiredTokenException" => "The CI's OIDC token expired before AWS saw it; run the job again.",
                _ => $"AWS STS refused AssumeRoleWithWebIdentity for {role}: {exception.ErrorCode} {exception.Message}",
            }, exception);
        }
        catch (AmazonServiceException exception) when (exception.InnerException is HttpRequestException)
        {
            throw new CloudSignInException($"AWS STS is unreachable at {config.ServiceURL} ({exception.InnerException.Message}).", exception);
        }
    }

    /// <summary>Names the session after the CI run, so CloudTrail shows which job acted (64 characters at most).</summary>
    private static string SessionName(Func<string, string?> environment)
    {
        var run = environment("GITHUB_RUN_ID") ?? environment("CI_JOB_ID") ?? "local";
        var name = "pipeline-" + new string([.. run.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or '=')]);
        return name.Length > 64 ? name[..64] : name;
    }
}
