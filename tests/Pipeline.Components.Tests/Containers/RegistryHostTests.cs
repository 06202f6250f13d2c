using Pipeline.Components.Containers;

namespace Pipeline.Components.Tests.Containers;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class RegistryHostTests
{
    [TestCase("127.0.0.1:5000", true)]
    [TestCase("127.10.0.7:5000", true)]
    [TestCase("localhost:5000", true)]
    [TestCase("[::1]:5000", true)]
    [TestCase("europe-west4-docker.pkg.dev", false)]
    [TestCase("ghcr.io", false)]
    [TestCase("10.0.0.5:5000", false)]
    [TestCase("127.0.0.1.nip.io:5000", false)]
    [TestCase("localhost.example.com", false)]
    public void Should_AllowPlainHttpOnlyOnLoopback(string registry, bool loopback)
    {
        Assert.That(RegistryHost.IsLoopback(registry), Is.EqualTo(loopback));
        Assert.That(ContainerTools.RegistriesConf(registry).Contains("insecure = true", StringComparison.Ordinal), Is.EqualTo(loopback));
        Assert.That(new ContainerSettings { ImageRepository = "pipeline/model-serving", Registry = registry }.IsLocalRegistry, Is.EqualTo(loopback));
    }
}
