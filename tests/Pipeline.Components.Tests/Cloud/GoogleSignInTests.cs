using System.Text;
using System.Text.Json;
using k8s;
using Pipeline.Components.Cloud;
using Pipeline.Components.Cloud.Google;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Kubernetes.Clusters;
using Pipeline.Components.Storage;
using Pipeline.Components.Tests.Report;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>
/// Keyless Google from a CI OIDC token the test signs: fake STS token exchange (checks signature and audience),
/// fake IAM Credentials impersonation; then an Artifact Registry login, a GKE deploy on the fake Kubernetes API
/// and the Cloud Storage artifact store, with no service-account key anywhere.
/// </summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class GoogleSignInTests
{
    private const string Provider = "projects/123456789/locations/global/workloadIdentityPools/ci/providers/github";
    private const string ServiceAccount = "deployer@acme.iam.gserviceaccount.com";
    private CiTokenIssuer issuer = null!;
    private FakeHost google = null!;
    private readonly List<string> masked = [];

    [SetUp]
    public void Start()
    {
        issuer = new CiTokenIssuer();
        google = new FakeHost();
        google.Server.Given(Request.Create().WithPath("/v1/token").UsingPost())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                using var body = JsonDocument.Parse(request.Body!);
                var root = body.RootElement;
                var valid = issuer.Verify(root.GetProperty("subjectToken").GetString()) == "https://iam.googleapis.com/" + Provider
                    && root.GetProperty("audience").GetString() == "//iam.googleapis.com/" + Provider
                    && root.GetProperty("subjectTokenType").GetString() == "urn:ietf:params:oauth:token-type:jwt";
                return FakeResponses.Json(valid ? 200 : 400, valid
                    ? new { access_token = "ya29.federated", issued_token_type = "urn:ietf:params:oauth:token-type:access_token", token_type = "Bearer", expires_in = 3600 }
                    : new { error = "invalid_grant", error_description = "The audience in ID Token does not match the expected audience." });
            }));
        google.Server.Given(Request.Create().WithPath($"/v1/projects/-/serviceAccounts/{ServiceAccount}:generateAccessToken").UsingPost().WithHeader("Authorization", "Bearer ya29.federated"))
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBodyAsJson(new { accessToken = "ya29.impersonated", expireTime = "2099-01-01T00:00:00Z" }));
    }

    [TearDown]
    public void Stop()
    {
        google.Dispose();
        issuer.Dispose();
    }

    [Test]
    public async Task Should_LogInToArtifactRegistry_WithTheImpersonatedToken_AndNoKey()
    {
        using var registry = FakeRegistry.AcceptingBasic("oauth2accesstoken", "ya29.impersonated");

        var credentials = await RegistryCredentialResolver.ResolveAsync("europe-west4-docker.pkg.dev", Accounts(), null, null, null, TestContext.CurrentContext.CancellationToken);

        await new RegistryLogin(new HttpClient()).VerifyAsync(registry.Url, credentials, "acme/models/iris", TestContext.CurrentContext.CancellationToken);
        Assert.That(credentials, Is.EqualTo(new RegistryCredentials("oauth2accesstoken", "ya29.impersonated")));
        Assert.That(issuer.Audiences, Is.EqualTo(new[] { "https://iam.googleapis.com/" + Provider }));
        var scope = JsonDocument.Parse(google.Requests("POST", $"/v1/projects/-/serviceAccounts/{ServiceAccount}:generateAccessToken").Single().RequestMessage!.Body!).RootElement.GetProperty("scope")[0].GetString();
        Assert.That(scope, Is.EqualTo("https://www.googleapis.com/auth/cloud-platform"));
        Assert.That(masked, Is.SupersetOf(new[] { "ya29.federated", "ya29.impersonated" }));
    }

    [Test]
    public async Task Should_DeployToGke_WithTheClusterFromTheContainerApi()
    {
        await using var cluster = await FakeKubernetes.StartAsync();
        google.Server.Given(Request.Create().WithPath("/v1/projects/acme/locations/europe-west4/clusters/models").UsingGet().WithHeader("Authorization", "Bearer ya29.impersonated"))
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBodyAsJson(new
            {
                name = "models", endpoint = cluster.Url, masterAuth = new { clusterCaCertificate = Convert.ToBase64String(Encoding.UTF8.GetBytes(TestCertificates.CaPem())) },
            }));

        var config = await ManagedCluster.ConfigAsync(Accounts(), null, ClusterAddress.Parse("gke:projects/acme/locations/europe-west4/clusters/models"), TestContext.CurrentContext.CancellationToken);
        var outcome = await DeployManifests.DeployAsync(config);

        Assert.That(outcome, Is.EqualTo(DeployOutcome.Deployed));
        Assert.That(cluster.BearerTokens.Distinct(), Is.EqualTo(new[] { "ya29.impersonated" }));
    }

    [Test]
    public async Task Should_StoreArtifactsInCloudStorage_WithTheFederatedToken()
    {
        await using var gcs = new FakeGcs();
        gcs.AcceptToken("ya29.federated");
        var accounts = Accounts() with { GoogleServiceAccount = null };
        var store = GcsArtifactStore.Create(GcsLocation.Parse("gs://models-cache/cache"), gcs.Url,
            _ => Task.FromResult<Google.Apis.Auth.OAuth2.ITokenAccess>(new WorkloadIdentityTokenAccess(accounts)), new GcsOptions(), new RecordingLog());
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "model bytes", TestContext.CurrentContext.CancellationToken);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("model bytes")));

            await store.PutAsync(hash, file, null, TestContext.CurrentContext.CancellationToken);

            Assert.That(await store.ContainsAsync(hash, TestContext.CurrentContext.CancellationToken), Is.True);
            Assert.That(gcs.Names("models-cache"), Has.Some.EndsWith(hash[2..]));
            Assert.That(google.Requests("POST", "/v1/token"), Has.Count.EqualTo(1), "one exchange serves the whole run");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Should_NameTheRoleToGrant_WhenImpersonationIsRefused()
    {
        var accounts = Accounts() with { GoogleServiceAccount = "other@acme.iam.gserviceaccount.com" };
        google.Server.Given(Request.Create().WithPath("/v1/projects/-/serviceAccounts/other@acme.iam.gserviceaccount.com:generateAccessToken").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(403).WithBodyAsJson(new { error = new { code = 403, message = "Permission 'iam.serviceAccounts.getAccessToken' denied", status = "PERMISSION_DENIED" } }));

        var error = await Assert.ThrowsAsync<CloudSignInException>(() => GoogleWorkloadIdentity.AccessTokenAsync(accounts, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("roles/iam.workloadIdentityUser").And.Contain("iam.serviceAccounts.getAccessToken"));
    }

    [Test]
    public async Task Should_ExplainTheAudience_WhenStsRejectsTheToken()
    {
        var accounts = Accounts() with { Environment = name => name == "PIPELINE_ID_TOKEN" ? issuer.Sign("https://example.com") : Variables().GetValueOrDefault(name) };

        var error = await Assert.ThrowsAsync<CloudSignInException>(() => GoogleWorkloadIdentity.AccessTokenAsync(accounts, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("allowed audience").And.Contain("does not match the expected audience"));
    }

    [Test]
    public async Task Should_RejectAProjectIdInTheProviderName()
    {
        var accounts = Accounts() with { GoogleWorkloadIdentityProvider = "projects/acme/locations/global/workloadIdentityPools/ci/providers/github" };

        var error = await Assert.ThrowsAsync<CloudSignInException>(() => GoogleWorkloadIdentity.AccessTokenAsync(accounts, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("project number"));
    }

    private CloudAccounts Accounts() => new(name => Variables().GetValueOrDefault(name), new HttpClient())
    {
        GoogleWorkloadIdentityProvider = Provider,
        GoogleServiceAccount = ServiceAccount,
        Mask = masked.Add,
    };

    private Dictionary<string, string> Variables() => new(issuer.GitHubVariables)
    {
        ["GOOGLE_STS_ENDPOINT"] = google.Url.ToString(),
        ["GOOGLE_IAM_CREDENTIALS_ENDPOINT"] = google.Url.ToString(),
        ["GOOGLE_CONTAINER_ENDPOINT"] = google.Url.ToString(),
    };
}
