using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Kubernetes.Clusters;
using Pipeline.Components.Tests.Report;
using Pipeline.Tests.Fakes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pipeline.Components.Tests.Deploy;

/// <summary>GKE access from a service-account key: token from a fake Google token endpoint, endpoint and CA from a fake GKE API.</summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class GkeCredentialsTests
{
    private const string Cluster = "projects/acme/locations/europe-west4/clusters/models";
    private FakeHost google = null!;
    private string caPem = null!;

    [SetUp]
    public void Start()
    {
        google = new FakeHost();
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=cluster-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        caPem = certificate.ExportCertificatePem();
        google.Server.Given(Request.Create().WithPath("/token").UsingPost())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"access_token": "ya29.fake-token", "expires_in": 3600, "token_type": "Bearer"}"""));
        google.Server.Given(Request.Create().WithPath("/v1/" + Cluster).UsingGet()).AtPriority(5)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new
            {
                name = "models",
                endpoint = "203.0.113.5",
                masterAuth = new { clusterCaCertificate = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem)) },
            })));
    }

    [TearDown]
    public void Stop() => google.Dispose();

    [Test]
    public async Task Should_BuildTheClusterConfig_FromTheKeyAlone()
    {
        var config = await GkeCredentials.ConfigAsync(Key(), Cluster, new HttpClient(), google.Url, TestContext.CurrentContext.CancellationToken);

        Assert.That(config.Host, Is.EqualTo("https://203.0.113.5"));
        Assert.That(config.AccessToken, Is.EqualTo("ya29.fake-token"));
        Assert.That(config.SslCaCerts!.Single().Subject, Is.EqualTo("CN=cluster-ca"));
        var tokenRequest = google.Requests("POST", "/token").Single().RequestMessage!;
        Assert.That(tokenRequest.Body, Does.Contain("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"));
        Assert.That(google.Requests("GET", "/v1/" + Cluster).Single().RequestMessage!.Headers!["Authorization"].Single(), Is.EqualTo("Bearer ya29.fake-token"));
    }

    [Test]
    public async Task Should_NameTheRole_GivenForbidden()
    {
        google.Server.Given(Request.Create().WithPath("/v1/" + Cluster).UsingGet()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(403));

        var error = await Assert.ThrowsAsync<ClusterException>(() => GkeCredentials.ConfigAsync(Key(), Cluster, new HttpClient(), google.Url, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("roles/container.developer"));
    }

    [Test]
    public async Task Should_ShowTheExpectedForm_GivenAMalformedClusterName()
    {
        var error = await Assert.ThrowsAsync<ClusterException>(() => GkeCredentials.ConfigAsync(Key(), "models", new HttpClient(), google.Url, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("projects/PROJECT/locations/LOCATION/clusters/NAME"));
    }

    private string Key() => ServiceAccountKeys.Create(google.Url + "token", "deployer@acme.iam.gserviceaccount.com");
}
