using Pipeline.Build;
using Pipeline.Components.Restore;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests;

public sealed class RestoreDataTests : SandboxTests
{
    internal override void Prepare(BuildSandbox emptySandbox)
    {
        emptySandbox.Write("data/iris.csv", "a,b\n1,2\n");
        emptySandbox.Write("data/extra/notes.txt", "notes");
    }

    [Test]
    public async Task Should_TrackTheDataOnTheFirstRun_ThenAcceptItUnchanged()
    {
        var first = await Sandbox.RunAsync(new DataBuild(), "VerifyData");
        var second = await Sandbox.RunAsync(new DataBuild(), "VerifyData");

        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(first.Output, Does.Contain("Tracking 2 data file(s)"));
        Assert.That(Sandbox.Read("pipeline.lock"), Does.Contain("data:\n  data/extra/notes.txt: ").And.Contain("  data/iris.csv: "));
        Assert.That(second.ExitCode, Is.Zero, second.Output);
        Assert.That(second.Output, Does.Contain("matches pipeline.lock"));
    }

    [Test]
    public async Task Should_FailNamingTheFileAndTrackData_GivenChangedData()
    {
        await Sandbox.RunAsync(new DataBuild(), "VerifyData");
        Sandbox.Write("data/iris.csv", "a,b\n1,3\n");

        var run = await Sandbox.RunAsync(new DataBuild(), "VerifyData");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("data/iris.csv differs from the hash in pipeline.lock").And.Contain("./build.sh TrackData"));
    }

    [Test]
    public async Task Should_FailWithTheRestoreCommand_GivenMissingData()
    {
        await Sandbox.RunAsync(new DataBuild(), "VerifyData");
        File.Delete(Sandbox.PathOf("data/iris.csv"));

        var run = await Sandbox.RunAsync(new DataBuild(), "VerifyData");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("data/iris.csv is missing (restore it: git checkout -- data/iris.csv)"));
    }

    [Test]
    public async Task Should_AcceptTheChange_AfterTrackData()
    {
        await Sandbox.RunAsync(new DataBuild(), "VerifyData");
        Sandbox.Write("data/iris.csv", "a,b\n1,3\n");

        var track = await Sandbox.RunAsync(new DataBuild(), "TrackData");
        var verify = await Sandbox.RunAsync(new DataBuild(), "VerifyData");

        Assert.That(track.ExitCode, Is.Zero, track.Output);
        Assert.That(verify.ExitCode, Is.Zero, verify.Output);
    }

    [Test]
    public async Task Should_WarnButPass_GivenAnUntrackedNewFile()
    {
        await Sandbox.RunAsync(new DataBuild(), "VerifyData");
        Sandbox.Write("data/new.csv", "x\n");

        var run = await Sandbox.RunAsync(new DataBuild(), "VerifyData");

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Output, Does.Contain("data/new.csv is not tracked"));
    }

    /// <summary>Restore's data step without dotnet restore, which needs a solution and a package feed.</summary>
    private sealed class DataBuild : PipelineBuild, IRestore
    {
        Target VerifyData => _ => _.Executes(() => DataCheck.VerifyOrTrack(this, ((IRestore)this).RestoreSettings.DataDirectory));
    }
}
