using System.Text;
using System.Text.Json;
using k8s;
using Pipeline.Components.Cloud;
using Pipeline.Components.Cloud.Azure;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Kubernetes.Clusters;
using Pipeline.Components.Tests.Report;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>
/// Keyless Azure from a CI OIDC token the test signs: a fake Entra ID token endpoint over HTTPS (Azure.Identity
/// insists) checks the client assertion's signature and audience; then the ACR token exchange to a registry
/// login, and the AKS user kubeconfig from a fake management API to a deploy on the fake Kubernetes API.
/// </summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class AzureSignInTests
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ClientId = "8d3c1a4e-0000-4000-8000-000000000001";
    private CiTokenIssuer issuer = null!;
    private WireMockServer entra = null!;
    private FakeHost azure = null!;
    private HttpClient trustingTheFake = null!;
    private readonly List<string> masked = [];

    [SetUp]
    public void Start()
    {
        issuer = new CiTokenIssuer();
        azure = new FakeHost();
        entra = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"https://127.0.0.1:{LoopbackPort.Free()}"],
            CertificateSettings = new WireMockCertificateSettings { X509Certificate = TestCertificates.Loopback() },
        });
        entra.Given(Request.Create().WithPath($"/{Tenant}/oauth2/v2.0/token").UsingPost())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var form = System.Web.HttpUtility.ParseQueryString(request.Body!);
                var valid = issuer.Verify(form["client_assertion"]) == "api://AzureADTokenExchange" && form["client_id"] == ClientId
                    && form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
                return FakeResponses.Json(valid ? 200 : 400, valid
                    ? new { token_type = "Bearer", expires_in = 3599, ext_expires_in = 3599, access_token = form["scope"]!.StartsWith("6dae42f8", StringComparison.Ordinal) ? "aks-audience-token" : "arm-token" }
                    : new { token_type = "", expires_in = 0, ext_expires_in = 0, access_token = "", error = "invalid_client", error_description = "AADSTS70021: No matching federated identity record found for presented assertion." });
            }));
        // the test trusts its own fake's self-signed certificate; production verifies TLS against the system's roots
        trustingTheFake = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null });
    }

    [TearDown]
    public void Stop()
    {
        trustingTheFake.Dispose();
        entra.Dispose();
        azure.Dispose();
        issuer.Dispose();
    }

    [Test]
    public async Task Should_LogInToAcr_ByExchangingTheEntraToken()
    {
        azure.Server.Given(Request.Create().WithPath("/oauth2/exchange").UsingPost().WithBody(body => body?.Contains("access_token=arm-token", StringComparison.Ordinal) == true))
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBodyAsJson(new { refresh_token = "acr-refresh-token" }));
        using var registry = FakeRegistry.AcceptingBasic(AcrLogin.TokenUser, "acr-refresh-token");

        var credentials = await AcrLogin.CredentialsAsync(Accounts(), azure.Url, TestContext.CurrentContext.CancellationToken, trustingTheFake);

        await new RegistryLogin(new HttpClient()).VerifyAsync(registry.Url, credentials, "models/iris", TestContext.CurrentContext.CancellationToken);
        var exchange = System.Web.HttpUtility.ParseQueryString(azure.Requests("POST", "/oauth2/exchange").Single().RequestMessage!.Body!);
        Assert.That(exchange["grant_type"], Is.EqualTo("access_token"));
        Assert.That(exchange["tenant"], Is.EqualTo(Tenant));
        Assert.That(exchange["service"], Is.EqualTo(azure.Url.Authority));
        Assert.That(issuer.Audiences, Is.EqualTo(new[] { "api://AzureADTokenExchange" }));
        Assert.That(masked, Is.SupersetOf(new[] { "arm-token", "acr-refresh-token" }));
    }

    [Test]
    public async Task Should_DeployToAks_WithTheUserKubeconfigsServer_AndAnAksAudienceToken()
    {
        await using var cluster = await FakeKubernetes.StartAsync();
        var kubeconfig = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: models
              cluster:
                certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(TestCertificates.CaPem()))}
                server: {cluster.Url}
            users:
            - name: clusterUser_rg_models
              user:
                exec:
                  command: kubelogin
            """;
        azure.Server.Given(Request.Create().WithPath("/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/models/listClusterUserCredential").UsingPost()
                .WithParam("api-version", AksCredentials.ApiVersion).WithHeader("Authorization", "Bearer arm-token"))
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBodyAsJson(new
            {
                kubeconfigs = new[] { new { name = "clusterUser", value = Convert.ToBase64String(Encoding.UTF8.GetBytes(kubeconfig)) } },
            }));

        var config = await ManagedCluster.ConfigAsync(Accounts(), null, ClusterAddress.Parse("aks:sub-1/rg/models"), TestContext.CurrentContext.CancellationToken, trustingTheFake);
        var outcome = await DeployManifests.DeployAsync(config);

        Assert.That(outcome, Is.EqualTo(DeployOutcome.Deployed));
        Assert.That(cluster.BearerTokens.Distinct(), Is.EqualTo(new[] { "aks-audience-token" }));
    }

    [Test]
    public async Task Should_NameTheFederatedCredential_WhenEntraHasNoMatchingOne()
    {
        var accounts = Accounts() with { Environment = name => name == "PIPELINE_ID_TOKEN" ? issuer.Sign("api://other") : Variables().GetValueOrDefault(name) };

        var error = await Assert.ThrowsAsync<CloudSignInException>(() => EntraSignIn.AccessTokenAsync(accounts, EntraSignIn.ManagementScope, TestContext.CurrentContext.CancellationToken, trustingTheFake));

        Assert.That(error!.Message, Does.Contain("no federated credential").And.Contain("api://AzureADTokenExchange"));
    }

    [Test]
    public async Task Should_NameTheRole_WhenTheManagementApiRefusesTheCluster()
    {
        azure.Server.Given(Request.Create().WithPath("/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/models/listClusterUserCredential").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(403));

        var error = await Assert.ThrowsAsync<ClusterException>(() => ManagedCluster.ConfigAsync(Accounts(), null, ClusterAddress.Parse("aks:sub-1/rg/models"), TestContext.CurrentContext.CancellationToken, trustingTheFake));

        Assert.That(error!.Message, Does.Contain("Azure Kubernetes Service Cluster User Role"));
    }

    private CloudAccounts Accounts() => new(name => Variables().GetValueOrDefault(name), new HttpClient())
    {
        AzureClientId = ClientId,
        AzureTenantId = Tenant,
        Mask = masked.Add,
    };

    private Dictionary<string, string> Variables() => new(issuer.GitHubVariables)
    {
        ["AZURE_AUTHORITY_HOST"] = entra.Url + "/",
        ["AZURE_RESOURCE_MANAGER_ENDPOINT"] = azure.Url.ToString(),
    };
}
