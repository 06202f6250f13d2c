using Pipeline.Build.Execution;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Execution;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class RootDirectoryTests : SandboxTests
{
    [Test]
    public void Should_FindTheRepositoryRoot_AboveTheCompiledBuild()
    {
        Directory.CreateDirectory(Sandbox.PathOf(".nuke/temp/bin"));

        Assert.That(RootDirectory.Above(Sandbox.PathOf(".nuke/temp/bin")), Is.EqualTo(Sandbox.Root));
    }

    [Test]
    public void Should_PassOverAStrayNukeFolder_InsideTheBuildsOwnState()
    {
        Directory.CreateDirectory(Sandbox.PathOf(".nuke/temp/bin"));
        Directory.CreateDirectory(Sandbox.PathOf(".nuke/temp/.nuke")); // a script run from .nuke/temp made one

        Assert.That(RootDirectory.Above(Sandbox.PathOf(".nuke/temp/bin")), Is.EqualTo(Sandbox.Root));
    }
}
