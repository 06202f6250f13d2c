using Pipeline.Build;
using Pipeline.Components.Restore;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests;

/// <summary>Restore for ecosystems other than NuGet: a command of the user's, or no package step at all.</summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class RestoreCommandTests : SandboxTests
{
    internal override void Prepare(BuildSandbox emptySandbox)
    {
        emptySandbox.Write("data/rows.csv", "x\n1\n");
        emptySandbox.Write("requirements.txt", "numpy==2.1\n");
    }

    [Test]
    public async Task Should_RunTheRestoreCommand_OnlyWhenItsInputsChange()
    {
        var first = await Sandbox.RunAsync(new CommandRestoreBuild(), "Restore");
        var second = await Sandbox.RunAsync(new CommandRestoreBuild(), "Restore");
        Sandbox.Write("requirements.txt", "numpy==2.2\n");
        var third = await Sandbox.RunAsync(new CommandRestoreBuild(), "Restore");

        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(Sandbox.Read("restored.txt"), Is.EqualTo("numpy==2.1\nnumpy==2.2\n"), second.Output);
        Assert.That(second.Output, Does.Match(@"Restore\s.*up to date"));
        Assert.That(third.Output, Does.Contain("changed: requirements.txt"));
    }

    [Test]
    public async Task Should_OnlyVerifyTheData_AndSaySoInHelp_GivenNoPackages()
    {
        var run = await Sandbox.RunAsync(new DataOnlyBuild(), "Restore");
        var help = await Sandbox.RunAsync(new DataOnlyBuild(), "--help");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("Tracking 1 data file(s)"));
        Assert.That(help.Output, Does.Contain("Verify the data files against pipeline.lock (no packages to restore)").And.Not.Contain("NuGet"));
    }

    [Test]
    public void Should_DescribePip_AsARestoreOfItsRequirements()
    {
        var pip = new RestoreSettings().ForPip("requirements-dev.txt");

        Assert.That(pip.Command, Is.EqualTo(new[] { "python3", "-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements-dev.txt" }));
        Assert.That(pip.ProjectFiles, Is.EqualTo(new[] { "requirements-dev.txt" }));
        Assert.That(pip.Describe(), Does.StartWith("Restore packages (python3 -m pip install"));
        Assert.That(new RestoreSettings().Describe(), Does.StartWith("Restore NuGet packages (dotnet restore)"));
    }

    private sealed class CommandRestoreBuild : PipelineBuild, IRestore
    {
        RestoreSettings IRestore.ConfigureRestore(RestoreSettings settings) => settings.ForCommand(["requirements.txt"], "sh", "-c", "cat requirements.txt >> restored.txt");
    }

    private sealed class DataOnlyBuild : PipelineBuild, IRestore
    {
        RestoreSettings IRestore.ConfigureRestore(RestoreSettings settings) => settings.DataOnly();
    }
}
