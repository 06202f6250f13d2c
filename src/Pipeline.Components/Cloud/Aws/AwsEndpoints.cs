namespace Pipeline.Components.Cloud.Aws;

/// <summary>Regional AWS service endpoints in the region's partition (commercial, China, GovCloud, isolated); <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> or <c>AWS_ENDPOINT_URL</c> override them, as in the AWS SDKs and CLI.</summary>
public static class AwsEndpoints
{
    /// <summary><paramref name="service"/> as in the endpoint's host: sts, api.ecr, eks.</summary>
    public static Uri For(string service, string region, Func<string, string?> environment)
    {
        var variable = "AWS_ENDPOINT_URL_" + (service == "api.ecr" ? "ECR" : service.ToUpperInvariant());
        var overridden = environment(variable) ?? environment("AWS_ENDPOINT_URL");
        return CloudEndpoint.Resolve(overridden, variable, new Uri($"https://{service}.{region}.{DnsSuffix(region)}/"));
    }

    /// <summary>The partition's domain, as botocore's endpoints.json names it: China regions are served under amazonaws.com.cn, the isolated ones under their own; commercial and GovCloud under amazonaws.com.</summary>
    public static string DnsSuffix(string region) => region switch
    {
        _ when region.StartsWith("cn-", StringComparison.Ordinal) => "amazonaws.com.cn",
        _ when region.StartsWith("us-isob-", StringComparison.Ordinal) => "sc2s.sgov.gov",
        _ when region.StartsWith("us-iso-", StringComparison.Ordinal) => "c2s.ic.gov",
        _ => "amazonaws.com",
    };
}
