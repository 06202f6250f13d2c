using Pipeline.Build.Parameters;

namespace Pipeline.Build.Tests.Parameters;

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
