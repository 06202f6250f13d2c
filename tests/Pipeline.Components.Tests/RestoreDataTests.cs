using Pipeline.Build;
using Pipeline.Components.Restore;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
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
        Assert.That(run.Output, Does.Contain("data/iris.csv is missing (restore it: git checkout -- data/iris.csv; or pull it from the artifact store: ./build.sh Restore --pull)"));
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

    [Test]
    public async Task Should_KeepAFileInTheStoreInsteadOfGit_AndPullItBack_GivenAddData()
    {
        await Sandbox.RunAsync(new DataBuild(), "VerifyData");
        Sandbox.Write("data/images.bin", new string('x', 100_000));

        var add = await Sandbox.RunAsync(new DataBuild(), "AddData", "--data-file", "data/images.bin");
        File.Delete(Sandbox.PathOf("data/images.bin"));
        var withoutPull = await Sandbox.RunAsync(new DataBuild(), "VerifyData");
        var withPull = await Sandbox.RunAsync(new DataBuild(), "VerifyData", "--pull");

        Assert.That(add.ExitCode, Is.Zero, add.Output);
        Assert.That(Sandbox.Read("pipeline.lock"), Does.Contain("  data/images.bin: "));
        Assert.That(Sandbox.Read("data/.gitignore"), Is.EqualTo("/images.bin\n"));
        Assert.That(withoutPull.ExitCode, Is.EqualTo(1));
        Assert.That(withoutPull.Output, Does.Contain("data/images.bin is missing").And.Contain("./build.sh Restore --pull"));
        Assert.That(withPull.ExitCode, Is.Zero, withPull.Output);
        Assert.That(withPull.Output, Does.Contain("Pulled 1 data file(s)"));
        Assert.That(Sandbox.Read("data/images.bin"), Is.EqualTo(new string('x', 100_000)));
    }

    [Test]
    public async Task Should_NeverOverwriteAChangedDataFile_GivenPull()
    {
        await Sandbox.RunAsync(new DataBuild(), "VerifyData", "--push");
        Sandbox.Write("data/iris.csv", "my edit\n");

        var run = await Sandbox.RunAsync(new DataBuild(), "VerifyData", "--pull");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("data/iris.csv differs"));
        Assert.That(Sandbox.Read("data/iris.csv"), Is.EqualTo("my edit\n"));
    }

    [Test]
    public async Task Should_RefuseAFileOutsideTheDataDirectory_GivenAddData()
    {
        Sandbox.Write("elsewhere/big.bin", "x");

        var run = await Sandbox.RunAsync(new DataBuild(), "AddData", "--data-file", "elsewhere/big.bin");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("is outside data/"));
    }

    /// <summary>Restore's data step without dotnet restore, which needs a solution and a package feed.</summary>
    private sealed class DataBuild : PipelineBuild, IRestore
    {
        Target VerifyData => _ => _.VerifiesData(((IRestore)this).RestoreSettings.DataDirectory).Executes(() => { });
    }
}
