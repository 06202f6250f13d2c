using System.Text;
using Pipeline.Build;
using Pipeline.Components.Containers;
using Pipeline.Tests.Fakes;

namespace Pipeline.Components.Tests.Containers;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class RegistryCredentialResolverTests
{
    private static readonly string ServiceAccountKey = ServiceAccountKeys.Create("https://oauth2.googleapis.com/token");

    [Test]
    public void Should_NeedNothing_ForTheLocalRegistry() =>
        Assert.That(RegistryCredentialResolver.Resolve("127.0.0.1:5000", _ => null, null, null, null), Is.Null);

    [Test]
    public void Should_UseJsonKey_GivenABase64ServiceAccountKeyForArtifactRegistry()
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(ServiceAccountKey));

        var credentials = RegistryCredentialResolver.Resolve("europe-west4-docker.pkg.dev", Env(("GOOGLE_SERVICE_ACCOUNT_KEY", base64)), null, null, null);

        Assert.That(credentials!.Username, Is.EqualTo("_json_key"));
        Assert.That(credentials.Password, Is.EqualTo(ServiceAccountKey));
        Assert.That(credentials.ToString(), Is.EqualTo("_json_key:***"));
    }

    [TestCase("{\"type\": \"service_account\"}")]
    [TestCase("not a key at all")]
    public void Should_SayTheKeyIsMalformed_WithoutPrintingIt(string key)
    {
        var error = Assert.Throws<RegistryException>(() => RegistryCredentialResolver.Resolve("gcr.io", Env(("GOOGLE_SERVICE_ACCOUNT_KEY", key)), null, null, null));

        Assert.That(error!.Message, Does.Contain("service-account key for gcr.io").And.Not.Contain(key));
    }

    [Test]
    public void Should_AskForTheKey_GivenNoneForArtifactRegistry()
    {
        var error = Assert.Throws<RegistryException>(() => RegistryCredentialResolver.Resolve("us-docker.pkg.dev", _ => null, null, null, null));

        Assert.That(error!.Message, Does.Contain("GOOGLE_SERVICE_ACCOUNT_KEY"));
    }

    [Test]
    public void Should_UseTheCiTokens_ForGhcrAndGitLab()
    {
        var ghcr = RegistryCredentialResolver.Resolve("ghcr.io", Env(("GITHUB_TOKEN", "ghs_x"), ("GITHUB_ACTOR", "octo")), null, null, null);
        var gitlab = RegistryCredentialResolver.Resolve("registry.gitlab.example", Env(("CI_REGISTRY", "registry.gitlab.example"), ("CI_REGISTRY_USER", "gitlab-ci-token"), ("CI_REGISTRY_PASSWORD", "job")), null, null, null);

        Assert.That(ghcr, Is.EqualTo(new RegistryCredentials("octo", "ghs_x")));
        Assert.That(gitlab, Is.EqualTo(new RegistryCredentials("gitlab-ci-token", "job")));
    }

    [Test]
    public void Should_AskForUserAndPassword_GivenAPlainRegistryWithout()
    {
        var error = Assert.Throws<RegistryException>(() => RegistryCredentialResolver.Resolve("registry.example:443", _ => null, null, null, null));

        Assert.That(error!.Message, Does.Contain("--registry-username and --registry-password"));
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) => name => variables.FirstOrDefault(v => v.Name == name).Value;
}
