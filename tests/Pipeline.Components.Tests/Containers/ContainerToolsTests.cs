using Pipeline.Components.Containers;

namespace Pipeline.Components.Tests.Containers;

/// <summary>What the container tools install where they run: a machine, or an unprivileged CI job container.</summary>
[CancelAfter(10_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ContainerToolsTests
{
    [Test]
    public void Should_InstallOnlyBuildahSkopeoAndTheNetworkHelper_InsideAJobContainer_NeverPodman()
    {
        var packages = ContainerTools.Packages(insideContainer: true, localRegistry: false).Select(p => p.Package);

        Assert.That(packages, Is.EqualTo(new[] { "buildah", "skopeo", "netavark" }));
    }

    [Test]
    public void Should_AddTheRegistry_InsideAJobContainerThatPushesToALoopbackRegistry()
    {
        var packages = ContainerTools.Packages(insideContainer: true, localRegistry: true).Select(p => p.Package);

        Assert.That(packages, Does.Contain("docker-registry").And.Not.Contain("podman"));
    }

    [Test]
    public void Should_InstallTheLocalDeployTools_OnAMachine()
    {
        var packages = ContainerTools.Packages(insideContainer: false, localRegistry: false).Select(p => p.Package);

        Assert.That(packages, Is.SupersetOf(new[] { "buildah", "podman", "runc", "docker-registry" }));
    }

    [Test]
    public void Should_ProbeTheNetworkHelperByItsPath_SinceItIsNotOnPath()
    {
        var netavark = ContainerTools.Packages(insideContainer: true, localRegistry: false).Single(p => p.Package == "netavark");

        Assert.That(Path.IsPathRooted(netavark.Probe), Is.True);
    }
}
