using Pipeline.Components.Containers;

namespace Pipeline.Components.Tests.Containers;

/// <summary>A storage already in use keeps its driver: podman refuses to open a graph root under another one.</summary>
[CancelAfter(30_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class StorageDriverTests
{
    private string graphRoot = null!;

    [SetUp]
    public void Create() => graphRoot = Directory.CreateTempSubdirectory("storage-driver-").FullName;

    [TearDown]
    public void Delete() => Directory.Delete(graphRoot, recursive: true);

    [TestCase("vfs")]
    [TestCase("overlay")]
    public async Task Should_KeepTheDriverOfAnExistingStorage(string existing)
    {
        Directory.CreateDirectory(Path.Combine(graphRoot, existing));

        Assert.That(await StorageDriver.ChooseAsync(graphRoot, TestContext.CurrentContext.CancellationToken), Is.EqualTo(existing));
    }

    [Test]
    public async Task Should_ChooseOverlay_OnAMachine_OrVfs_OnlyInAContainerWhereOverlayCannotMount()
    {
        var driver = await StorageDriver.ChooseAsync(graphRoot, TestContext.CurrentContext.CancellationToken);

        Assert.That(driver, ContainerHost.IsInsideContainer ? Is.AnyOf("overlay", "vfs") : Is.EqualTo("overlay"));
        Assert.That(Directory.EnumerateDirectories(Path.GetTempPath(), "pipeline-overlay-probe-*"), Is.Empty, "the probe's folder is removed");
    }
}
