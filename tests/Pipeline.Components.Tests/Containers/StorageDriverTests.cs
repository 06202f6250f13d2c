using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Containers;

/// <summary>A storage already in use keeps its driver: podman refuses to open a graph root under another one.</summary>
[CancelAfter(30_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class StorageDriverTests : TemporaryFolderTests
{
    [TestCase("vfs")]
    [TestCase("overlay")]
    public async Task Should_KeepTheDriverOfAnExistingStorage(string existing)
    {
        Directory.CreateDirectory(Path.Combine(Folder, existing));

        Assert.That(await StorageDriver.ChooseAsync(Folder, TestContext.CurrentContext.CancellationToken), Is.EqualTo(existing));
    }

    [Test]
    public async Task Should_ChooseOverlay_OnAMachine_OrVfs_OnlyInAContainerWhereOverlayCannotMount()
    {
        var driver = await StorageDriver.ChooseAsync(Folder, TestContext.CurrentContext.CancellationToken);

        Assert.That(driver, ContainerHost.IsInsideContainer ? Is.AnyOf("overlay", "vfs") : Is.EqualTo("overlay"));
        Assert.That(Directory.EnumerateDirectories(Path.GetTempPath(), "pipeline-overlay-probe-*"), Is.Empty, "the probe's folder is removed");
    }
}
