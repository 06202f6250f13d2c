namespace Pipeline.Components.Cloud.Aws;

/// <summary>AWS credentials (long-lived keys, or the short-lived ones a role gives). Never printed: <see cref="ToString"/> masks them.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    /// <inheritdoc />
    public override string ToString() => $"{AccessKeyId}:***";
}
