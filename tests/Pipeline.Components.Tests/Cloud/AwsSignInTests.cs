using System.Text;
using k8s;
using Pipeline.Components.Cloud;
using Pipeline.Components.Containers;
using Pipeline.Components.Deploy;
using Pipeline.Components.Kubernetes.Clusters;
using Pipeline.Components.Tests.Deploy;
using Pipeline.Components.Tests.Report;
using Pipeline.Tests.Fakes;
using Pipeline.Tests.Shared;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pipeline.Components.Tests.Cloud;

/// <summary>
/// Keyless AWS from a CI OIDC token the test signs: fake STS (AssumeRoleWithWebIdentity checks the token's
/// signature and audience), fake ECR and EKS APIs checking the SigV4 credential scope and session token, a fake
/// registry login and a deploy against the fake Kubernetes API with the EKS token.
/// </summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class AwsSignInTests
{
    private const string Role = "arn:aws:iam::123456789012:role/deployer";
    private const string SessionToken = "FwoGZXIvYXdzEXAMPLE-session";
    private CiTokenIssuer issuer = null!;
    private FakeHost aws = null!;
    private readonly List<string> masked = [];

    [SetUp]
    public void Start()
    {
        issuer = new CiTokenIssuer();
        aws = new FakeHost();
        aws.Server.Given(Request.Create().WithPath("/").UsingPost().WithBody(body => body?.Contains("Action=AssumeRoleWithWebIdentity", StringComparison.Ordinal) == true))
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var form = System.Web.HttpUtility.ParseQueryString(request.Body!);
                var valid = issuer.Verify(form["WebIdentityToken"]) == "sts.amazonaws.com" && form["RoleArn"] == Role;
                return FakeResponses.Text(valid ? 200 : 400, "text/xml", valid
                    ? $"""<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult><SubjectFromWebIdentityToken>{CiTokenIssuer.Subject}</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/deployer/{form["RoleSessionName"]}</Arn><AssumedRoleId>AROAEXAMPLE:{form["RoleSessionName"]}</AssumedRoleId></AssumedRoleUser><Credentials><SessionToken>{SessionToken}</SessionToken><SecretAccessKey>sts-issued-secret</SecretAccessKey><Expiration>2099-01-01T00:00:00Z</Expiration><AccessKeyId>ASIAEXAMPLE</AccessKeyId></Credentials><Provider>token.actions.githubusercontent.com</Provider></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>"""
                    : """<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Incorrect token audience</Message></Error><RequestId>2</RequestId></ErrorResponse>""");
            }));
        aws.Server.Given(Request.Create().WithPath("/").UsingPost()
                .WithHeader("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken")
                .WithHeader("Authorization", "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/*/us-east-1/ecr/aws4_request, SignedHeaders=*x-amz-security-token*")
                .WithHeader("X-Amz-Security-Token", SessionToken))
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/x-amz-json-1.1").WithBodyAsJson(new
            {
                authorizationData = new[] { new { authorizationToken = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:ecr-registry-password")), proxyEndpoint = "https://123456789012.dkr.ecr.us-east-1.amazonaws.com" } },
            }));
    }

    [TearDown]
    public void Stop()
    {
        aws.Dispose();
        issuer.Dispose();
    }

    [Test]
    public async Task Should_LogInToEcr_FromTheCiToken_ThroughStsAndGetAuthorizationToken()
    {
        using var registry = FakeRegistry.AcceptingBasic("AWS", "ecr-registry-password");

        var credentials = await RegistryCredentialResolver.ResolveAsync("123456789012.dkr.ecr.us-east-1.amazonaws.com", Accounts(), null, null, null, TestContext.CurrentContext.CancellationToken);

        Assert.That(credentials, Is.EqualTo(new RegistryCredentials("AWS", "ecr-registry-password")));
        await new RegistryLogin(new HttpClient()).VerifyAsync(registry.Url, credentials, "models/iris", TestContext.CurrentContext.CancellationToken);
        Assert.That(issuer.Audiences, Is.EqualTo(new[] { "sts.amazonaws.com" }));
        Assert.That(masked, Is.SupersetOf(new[] { "sts-issued-secret", SessionToken, "ecr-registry-password" }));
    }

    [Test]
    public async Task Should_DeployToEks_WithTheClusterFromDescribeCluster_AndAK8sAwsToken()
    {
        await using var cluster = await FakeKubernetes.StartAsync();
        DescribeCluster(cluster);

        var config = await ManagedCluster.ConfigAsync(Accounts(), null, ClusterAddress.Parse("eks:eu-west-1/models"), TestContext.CurrentContext.CancellationToken);
        var outcome = await DeployManifests.DeployAsync(config);

        Assert.That(outcome, Is.EqualTo(DeployOutcome.Deployed));
        var token = cluster.BearerTokens.Distinct().Single();
        Assert.That(token, Does.StartWith("k8s-aws-v1."));
        var presigned = Encoding.UTF8.GetString(FakeResponses.FromBase64Url(token["k8s-aws-v1.".Length..]));
        Assert.That(presigned, Does.StartWith(aws.Url + "?Action=GetCallerIdentity").And.Contain("X-Amz-Credential=ASIAEXAMPLE%2F").And.Contain("%2Feu-west-1%2Fsts%2Faws4_request"));
        Assert.That(masked, Does.Contain(token));
    }

    [Test]
    public async Task Should_RunTheDeployTarget_OnEks_KeylessFromTheCiToken_AndPrintNoCredential()
    {
        await using var cluster = await FakeKubernetes.StartAsync();
        DescribeCluster(cluster);
        using var sandbox = new BuildSandbox();
        GitOpsSandbox.Prepare(sandbox);
        foreach (var (name, value) in Variables())
            sandbox.Environment[name] = value;
        sandbox.Environment["AWS_ROLE_ARN"] = Role;

        var run = await sandbox.RunAsync(new GitOpsSandbox.GitOpsBuild(), "Deploy", "--skip", "--environment", "kubernetes", "--cluster", "eks:eu-west-1/models", "--rollout-timeout", "5");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        var token = cluster.BearerTokens.Distinct().Single();
        Assert.That(token, Does.StartWith("k8s-aws-v1."));
        Assert.That(cluster.Requests, Has.Some.Matches<(string Method, string Path, string? ContentType, string Query)>(request => request.Method == "PATCH" && request.Path.EndsWith("/deployments/model-serving", StringComparison.Ordinal)));
        Assert.That(run.Output, Does.Not.Contain(token).And.Not.Contain("sts-issued-secret").And.Not.Contain(SessionToken));
    }

    [Test]
    [Retry(2)] // CI at 8e6b85b once saw "Connection refused" to this test's live fake (cause not found in 45 local runs, loaded or not); the message says what the fake received
    public async Task Should_NameTheAccessEntry_WhenTheClusterDoesNotKnowTheRole()
    {
        await using var cluster = await FakeKubernetes.StartAsync();
        cluster.RejectCredentials = true;
        DescribeCluster(cluster);

        var config = await ManagedCluster.ConfigAsync(Accounts(), null, ClusterAddress.Parse("eks:eu-west-1/models"), TestContext.CurrentContext.CancellationToken);
        var error = await Assert.ThrowsAsync<ClusterException>(() => DeployManifests.DeployAsync(config));

        Assert.That(error!.Message, Does.Contain("401").And.Contain("access entry"), $"the fake at {cluster.Url} received {cluster.Requests.Count} requests");
    }

    [Test]
    public async Task Should_NameTheTrustSetup_WhenStsRejectsTheToken()
    {
        var accounts = Accounts() with { Environment = name => name == "PIPELINE_ID_TOKEN" ? issuer.Sign("wrong-audience") : Variables().GetValueOrDefault(name) };

        var error = await Assert.ThrowsAsync<CloudSignInException>(() => RegistryCredentialResolver.ResolveAsync("123456789012.dkr.ecr.us-east-1.amazonaws.com", accounts, null, null, null, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("IAM OIDC identity provider").And.Contain("sts.amazonaws.com"));
    }

    [Test]
    public async Task Should_AskForTheOidcPermission_WhenTheJobHasNoToken()
    {
        var accounts = Accounts() with { Environment = _ => null };

        var error = await Assert.ThrowsAsync<CloudSignInException>(() => RegistryCredentialResolver.ResolveAsync("123456789012.dkr.ecr.us-east-1.amazonaws.com", accounts, null, null, null, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("id-token: write").And.Contain("id_tokens"));
    }

    [Test]
    public async Task Should_RefuseAPlainHttpEndpointOverride_OffLoopback()
    {
        var accounts = Accounts() with { Environment = name => name == "AWS_ENDPOINT_URL_STS" ? "http://sts.example.com" : Variables().GetValueOrDefault(name) };

        var error = await Assert.ThrowsAsync<CloudSignInException>(() => RegistryCredentialResolver.ResolveAsync("123456789012.dkr.ecr.us-east-1.amazonaws.com", accounts, null, null, null, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("plain http").And.Contain("AWS_ENDPOINT_URL_STS"));
    }

    private void DescribeCluster(FakeKubernetes cluster) =>
        aws.Server.Given(Request.Create().WithPath("/clusters/models").UsingGet()
                .WithHeader("Authorization", "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/*/eu-west-1/eks/aws4_request*"))
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBodyAsJson(new
            {
                cluster = new { name = "models", status = "ACTIVE", endpoint = cluster.Url, certificateAuthority = new { data = Convert.ToBase64String(Encoding.UTF8.GetBytes(TestCertificates.CaPem())) } },
            }));

    private CloudAccounts Accounts() => new(name => Variables().GetValueOrDefault(name), new HttpClient()) { AwsRoleArn = Role, Mask = masked.Add };

    private Dictionary<string, string> Variables() => new(issuer.GitHubVariables)
    {
        ["AWS_ENDPOINT_URL_STS"] = aws.Url.ToString(),
        ["AWS_ENDPOINT_URL_ECR"] = aws.Url.ToString(),
        ["AWS_ENDPOINT_URL_EKS"] = aws.Url.ToString(),
        ["GITHUB_RUN_ID"] = "4242",
    };

}
