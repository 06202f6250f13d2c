using Pipeline.Build.Parameters;

namespace Pipeline.Build.Tests.Parameters;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ParameterNamesTests
{
    [TestCase("Namespace", "namespace", "NAMESPACE")]
    [TestCase("KubeContext", "kube-context", "KUBE_CONTEXT")]
    [TestCase("GCPProjectId", "gcp-project-id", "GCP_PROJECT_ID")]
    [TestCase("lockTimeout", "lock-timeout", "LOCK_TIMEOUT")]
    public void Should_DeriveCommandLineAndEnvironmentNames_FromMemberName(string member, string kebab, string snake)
    {
        Assert.That(ParameterNames.ToKebabCase(member), Is.EqualTo(kebab));
        Assert.That(ParameterNames.ToUpperSnakeCase(member), Is.EqualTo(snake));
    }
}
