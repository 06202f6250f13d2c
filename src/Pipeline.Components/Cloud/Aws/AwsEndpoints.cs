namespace Pipeline.Components.Cloud.Aws;

/// <summary>Regional AWS service endpoints; <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> or <c>AWS_ENDPOINT_URL</c> override them, as in the AWS SDKs and CLI.</summary>
internal static class AwsEndpoints
{
    /// <summary><paramref name="service"/> as in the endpoint's host: sts, api.ecr, eks.</summary>
    public static Uri For(string service, string region, Func<string, string?> environment)
    {
        var variable = "AWS_ENDPOINT_URL_" + (service == "api.ecr" ? "ECR" : service.ToUpperInvariant());
        var overridden = environment(variable) ?? environment("AWS_ENDPOINT_URL");
        return CloudEndpoint.Resolve(overridden, variable, new Uri($"https://{service}.{region}.amazonaws.com/"));
    }
}
