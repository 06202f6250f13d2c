using System.Text;
using Pipeline.Components.Cloud.Aws;
using Pipeline.Components.Kubernetes.Clusters;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>
/// The signer against AWS's published Signature Version 4 test suite (get-vanilla, post-vanilla, the query-order
/// cases) and the S3 documentation's header and presigned-URL examples; the EKS token against its documented shape.
/// </summary>
public sealed class SigV4SignerTests
{
    private static readonly AwsCredentials Suite = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly AwsCredentials S3Docs = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset S3Time = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    [TestCase("GET", "https://example.amazonaws.com/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", TestName = "get-vanilla")]
    [TestCase("POST", "https://example.amazonaws.com/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", TestName = "post-vanilla")]
    [TestCase("GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", TestName = "get-vanilla-query-order-key-case")]
    [TestCase("GET", "https://example.amazonaws.com/?Param1=value2&Param1=Value1", "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1", TestName = "get-vanilla-query-order-value")]
    public void Should_MatchTheAwsTestSuite(string method, string url, string signature)
    {
        var headers = SigV4Signer.Sign(method, new Uri(url), new Dictionary<string, string>(), SigV4Signer.EmptyPayloadHash, Suite, "us-east-1", "service", SuiteTime);

        Assert.That(headers["x-amz-date"], Is.EqualTo("20150830T123600Z"));
        Assert.That(headers["Authorization"], Is.EqualTo($"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}"));
    }

    [Test]
    public void Should_MatchTheS3GetObjectExample_WithExtraSignedHeaders()
    {
        var headers = SigV4Signer.Sign("GET", new Uri("https://examplebucket.s3.amazonaws.com/test.txt"),
            new Dictionary<string, string> { ["Range"] = "bytes=0-9", ["x-amz-content-sha256"] = SigV4Signer.EmptyPayloadHash },
            SigV4Signer.EmptyPayloadHash, S3Docs, "us-east-1", "s3", S3Time);

        Assert.That(headers["Authorization"], Is.EqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
    }

    [Test]
    public void Should_MatchTheS3PresignedUrlExample()
    {
        var url = SigV4Signer.Presign("GET", new Uri("https://examplebucket.s3.amazonaws.com/test.txt"), new Dictionary<string, string>(),
            SigV4Signer.UnsignedPayload, S3Docs, "us-east-1", "s3", S3Time, TimeSpan.FromSeconds(86400));

        Assert.That(url.ToString(), Is.EqualTo("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"));
    }

    [Test]
    public void Should_SignTheSessionToken_WhenTheCredentialsHaveOne()
    {
        var headers = SigV4Signer.Sign("GET", new Uri("https://example.amazonaws.com/"), new Dictionary<string, string>(), SigV4Signer.EmptyPayloadHash,
            Suite with { SessionToken = "session-token" }, "us-east-1", "service", SuiteTime);

        Assert.That(headers["x-amz-security-token"], Is.EqualTo("session-token"));
        Assert.That(headers["Authorization"], Does.Contain("SignedHeaders=host;x-amz-date;x-amz-security-token,"));
        Assert.That(headers["Authorization"], Does.Not.Contain("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
    }

    [Test]
    public void Should_ShapeTheEksToken_AsAPresignedGetCallerIdentityForTheCluster()
    {
        var token = EksCredentials.Token(Suite with { SessionToken = "FwoGZX/session+token=" }, "eu-west-1", "models", _ => null, SuiteTime);

        Assert.That(token, Does.StartWith("k8s-aws-v1."));
        var encoded = token["k8s-aws-v1.".Length..];
        Assert.That(encoded, Does.Not.Contain("=").And.Not.Contain("+").And.Not.Contain("/"), "base64url without padding");
        var url = new Uri(Encoding.UTF8.GetString(FakeResponses.FromBase64Url(encoded)));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Multiple(() =>
        {
            Assert.That(url.GetLeftPart(UriPartial.Path), Is.EqualTo("https://sts.eu-west-1.amazonaws.com/"));
            Assert.That(query["Action"], Is.EqualTo("GetCallerIdentity"));
            Assert.That(query["Version"], Is.EqualTo("2011-06-15"));
            Assert.That(query["X-Amz-Algorithm"], Is.EqualTo("AWS4-HMAC-SHA256"));
            Assert.That(query["X-Amz-Credential"], Is.EqualTo("AKIDEXAMPLE/20150830/eu-west-1/sts/aws4_request"));
            Assert.That(query["X-Amz-Expires"], Is.EqualTo("60"));
            Assert.That(query["X-Amz-SignedHeaders"], Is.EqualTo("host;x-k8s-aws-id"));
            Assert.That(query["X-Amz-Security-Token"], Is.EqualTo("FwoGZX/session+token="));
            Assert.That(query["X-Amz-Signature"], Does.Match("^[0-9a-f]{64}$"));
        });
        var otherCluster = EksCredentials.Token(Suite, "eu-west-1", "other", _ => null, SuiteTime);
        Assert.That(otherCluster, Is.Not.EqualTo(EksCredentials.Token(Suite, "eu-west-1", "models", _ => null, SuiteTime)), "the cluster name is signed");
    }
}
