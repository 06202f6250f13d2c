using System.Diagnostics;
using Pipeline.Components.Containers;
using Pipeline.Components.Tests.Report;
using Pipeline.Tests.Shared;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pipeline.Components.Tests.Containers;

/// <summary>Only a registry process this checkout started is used as the local registry, or stopped.</summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class LocalRegistryOwnershipTests : TemporaryFolderTests
{
    [Test]
    public async Task Should_RefuseAForeignServiceOnThePort_InsteadOfAdoptingIt()
    {
        using var foreign = new FakeHost();
        foreign.Server.Given(Request.Create().WithPath("/v2/").UsingGet()).RespondWith(Response.Create().WithStatusCode(200));
        var registry = foreign.Url.Authority;

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            LocalRegistry.EnsureRunningAsync(ContainerTools.Existing(Folder, new RecordingLog()), registry, new RecordingLog(), TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain($"Something answers on http://{registry}/v2/ that this checkout did not start").And.Contain($"--registry {foreign.Url.Host}:{foreign.Url.Port + 1}"));
    }

    [Test]
    public void Should_LeaveAnotherProcessAlone_GivenAPidFileThatNamesIt()
    {
        using var other = Process.Start(new ProcessStartInfo("sleep", ["60"]))!;
        try
        {
            var directory = Directory.CreateDirectory(Path.Combine(Folder, "registry", "127.0.0.1_5999")).FullName;
            File.WriteAllText(Path.Combine(directory, "registry.pid"), other.Id + "\n"); // a reused pid: the registry died, sleep got its number

            var stopped = LocalRegistry.Stop(ContainerTools.Existing(Folder, new RecordingLog()));

            Assert.That(stopped, Is.False);
            Assert.That(other.HasExited, Is.False, "not ours: never killed");
            Assert.That(File.Exists(Path.Combine(directory, "registry.pid")), Is.False, "the stale pid file is gone");
        }
        finally
        {
            other.Kill();
        }
    }
}
