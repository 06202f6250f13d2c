using System.Text;
using Pipeline.Build;
using Pipeline.Components.Containers;
using Pipeline.Components.Tests.Report;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pipeline.Components.Tests.Containers;

/// <summary>The login handshake against a fake token-auth registry (distribution spec's Bearer challenge) on 127.0.0.1.</summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class RegistryLoginTests
{
    private const string Password = "s3cret-registry-password";
    private FakeHost host = null!;

    [SetUp]
    public void Start()
    {
        host = new FakeHost();
        var challenge = $"Bearer realm=\"{host.Url}token\",service=\"fake-registry\"";
        host.Server.Given(Request.Create().WithPath("/v2/").UsingGet()).AtPriority(5)
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("WWW-Authenticate", challenge));
        host.Server.Given(Request.Create().WithPath("/token").UsingGet().WithHeader("Authorization", Basic("robot", Password), MatchBehaviour.AcceptOnMatch)).AtPriority(1)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"token": "t0k3n"}"""));
        host.Server.Given(Request.Create().WithPath("/token").UsingGet()).AtPriority(5).RespondWith(Response.Create().WithStatusCode(401));
    }

    [TearDown]
    public void Stop() => host.Dispose();

    [Test]
    public async Task Should_ReadAnAttachmentWithTheTokenTheChallengeAsksFor_AndSayWhenTheLoginIsRefused()
    {
        host.Server.Given(Request.Create().WithPath("/v2/team/model/manifests/sha256-ab.sbom").UsingGet().WithHeader("Authorization", "Bearer t0k3n")).AtPriority(1)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json").WithBody("""{"schemaVersion":2}"""));
        host.Server.Given(Request.Create().WithPath("/v2/team/model/manifests/sha256-ab.sbom").UsingGet()).AtPriority(5)
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("WWW-Authenticate", $"Bearer realm=\"{host.Url}token\",service=\"fake-registry\""));
        using var http = new HttpClient();

        var manifest = await new Pipeline.Components.SupplyChain.RegistryArtifacts(http, host.Url.Authority, "team/model", new RegistryCredentials("robot", Password))
            .GetManifestAsync("sha256-ab.sbom", TestContext.CurrentContext.CancellationToken);
        var refused = await Assert.ThrowsAsync<RegistryException>(() => new Pipeline.Components.SupplyChain.RegistryArtifacts(http, host.Url.Authority, "team/model", new RegistryCredentials("robot", "wrong-password"))
            .GetManifestAsync("sha256-ab.sbom", TestContext.CurrentContext.CancellationToken));

        Assert.That(Encoding.UTF8.GetString(manifest!.Value.Content), Is.EqualTo("""{"schemaVersion":2}"""));
        Assert.That(host.Requests("GET", "/token").First().RequestMessage!.Query!["scope"].Single(), Is.EqualTo("repository:team/model:pull,push"));
        Assert.That(refused!.Message, Does.Contain("refused a token for team/model (401)").And.Not.Contain("wrong-password"));
    }

    [Test]
    public async Task Should_GetATokenWithTheRightCredentialsAndScope()
    {
        await Login().VerifyAsync(host.Url, new RegistryCredentials("robot", Password), "team/model", TestContext.CurrentContext.CancellationToken);

        var token = host.Requests("GET", "/token").Single().RequestMessage!;
        Assert.That(token.Headers!["Authorization"].Single(), Is.EqualTo(Basic("robot", Password)));
        Assert.That(token.Query!["scope"].Single(), Is.EqualTo("repository:team/model:pull,push"));
        Assert.That(token.Query!["service"].Single(), Is.EqualTo("fake-registry"));
    }

    [Test]
    public async Task Should_SayAuthenticationFailedForTheRegistry_WithoutTheSecret_GivenWrongCredentials()
    {
        var error = await Assert.ThrowsAsync<RegistryException>(() => Login().VerifyAsync(host.Url, new RegistryCredentials("robot", "wrong-password"), "team/model", TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.StartWith($"authentication failed for {host.Url.Authority}").And.Contain("'robot'").And.Not.Contain("wrong-password"));
    }

    [Test]
    public async Task Should_AskForALogin_GivenNoCredentials()
    {
        var error = await Assert.ThrowsAsync<RegistryException>(() => Login().VerifyAsync(host.Url, null, "team/model", TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("authentication failed").And.Contain("none is configured"));
    }

    [Test]
    public async Task Should_RetryServerErrors_ThenSucceed()
    {
        host.Server.Given(Request.Create().WithPath("/v2/").UsingGet()).InScenario("flaky").WillSetStateTo("up").AtPriority(2).RespondWith(Response.Create().WithStatusCode(503));
        host.Server.Given(Request.Create().WithPath("/v2/").UsingGet()).InScenario("flaky").WhenStateIs("up").AtPriority(1).RespondWith(Response.Create().WithStatusCode(200));

        await Login().VerifyAsync(host.Url, null, "team/model", TestContext.CurrentContext.CancellationToken);

        Assert.That(host.Requests("GET", "/v2/"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Should_NameTheRegistry_GivenItIsUnreachable()
    {
        var address = host.Url;
        host.Dispose();

        var error = await Assert.ThrowsAsync<RegistryException>(() => Login().VerifyAsync(address, null, "team/model", TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain($"The registry {address.Authority} is unreachable"));
    }

    private static RegistryLogin Login() => new(new HttpClient(), TimeSpan.FromMilliseconds(10));

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
