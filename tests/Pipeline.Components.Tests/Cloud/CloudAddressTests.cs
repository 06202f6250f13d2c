using Pipeline.Components.Cloud.Aws;
using Pipeline.Components.Cloud.Azure;
using Pipeline.Components.Deploy;
using Pipeline.Components.Kubernetes.Clusters;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>How --cluster and --registry name a cloud: cluster addresses, ECR regions, ACR hosts.</summary>
public sealed class CloudAddressTests
{
    [Test]
    public void Should_ParseEachCloudsClusterAddress()
    {
        Assert.That(ClusterAddress.Parse("eks:eu-west-1/models"), Has.Property("Cloud").EqualTo(ClusterCloud.Eks).And.Property("Name").EqualTo("models"));
        Assert.That(ClusterAddress.Parse("aks:sub-1/rg/models").Parts, Is.EqualTo(new[] { "sub-1", "rg", "models" }));
        Assert.That(ClusterAddress.Parse("gke:projects/acme/locations/europe-west4/clusters/models").Name, Is.EqualTo("projects/acme/locations/europe-west4/clusters/models"));
    }

    [TestCase("models")]
    [TestCase("eks:models")]
    [TestCase("aks:sub/models")]
    [TestCase("gke:acme/models")]
    [TestCase("openshift:a/b")]
    public void Should_ShowTheThreeFormats_GivenAMalformedClusterAddress(string address)
    {
        var error = Assert.Throws<FormatException>(() => ClusterAddress.Parse(address)); // the engine turns it into "--cluster expects …" at start-up

        Assert.That(error!.Message, Does.Contain("eks:REGION/NAME").And.Contain("aks:SUBSCRIPTION/RESOURCE-GROUP/NAME").And.Contain("gke:projects/"));
    }

    [TestCase("123456789012.dkr.ecr.us-east-1.amazonaws.com", "us-east-1")]
    [TestCase("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1")]
    [TestCase("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "cn-north-1")]
    [TestCase("public.ecr.aws", null)]
    [TestCase("ecr.example.com", null)]
    public void Should_ReadTheRegion_OfAnEcrHostOnly(string host, string? region) =>
        Assert.That(EcrLogin.RegionOf(host), Is.EqualTo(region));

    [TestCase("acme.azurecr.io", true)]
    [TestCase("azurecr.io.example.com", false)]
    [TestCase("ghcr.io", false)]
    public void Should_RecogniseAzureContainerRegistryHosts(string host, bool acr) =>
        Assert.That(AcrLogin.IsAcr(host), Is.EqualTo(acr));

    [TestCase("eu-west-1", "https://sts.eu-west-1.amazonaws.com/")]
    [TestCase("cn-north-1", "https://sts.cn-north-1.amazonaws.com.cn/")]
    [TestCase("cn-northwest-1", "https://sts.cn-northwest-1.amazonaws.com.cn/")]
    [TestCase("us-gov-west-1", "https://sts.us-gov-west-1.amazonaws.com/")]
    [TestCase("us-iso-east-1", "https://sts.us-iso-east-1.c2s.ic.gov/")]
    public void Should_ReachTheRegionsPartition(string region, string expected)
    {
        Assert.That(Pipeline.Components.Cloud.Aws.AwsEndpoints.For("sts", region, _ => null).ToString(), Is.EqualTo(expected));
    }
}
