using Pipeline.Build;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Authoring;

/// <summary>The component model a build author extends: member dependencies, Inherit, settings evaluated once.</summary>
[Category("Unit")]
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ComponentAuthoringTests : SandboxTests
{
    [Test]
    public async Task Should_DependOnTheBaseComponentsTarget_GivenDependsOnByMember()
    {
        var build = new PlainBuild();

        var run = await Sandbox.RunAsync(build, "Fit");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Ran, Is.EqualTo(new[] { "Fetch", "Fit" }));
    }

    [Test]
    public async Task Should_KeepTheComponentsBody_AndAddTheCondition_GivenInheritWithOnlyWhen()
    {
        var build = new GuardedBuild { Enabled = false };

        var run = await Sandbox.RunAsync(build, "Fit");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Ran, Is.EqualTo(new[] { "Fetch" }), "Fit's dependency stays; its action is skipped by the added condition");
        Assert.That(run.Output, Does.Contain("Fit skipped (disabled by the build)"));

        var enabled = new GuardedBuild { Enabled = true };
        await Sandbox.RunAsync(enabled, "Fit");
        Assert.That(enabled.Ran, Is.EqualTo(new[] { "Fetch", "Fit" }));
    }

    [Test]
    public async Task Should_AddADependency_AndKeepTheComponentsDescription_GivenInherit()
    {
        var build = new ExtendedBuild();

        var run = await Sandbox.RunAsync(build, "Fit");
        var help = await Sandbox.RunAsync(new ExtendedBuild(), "--help");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Ran, Is.EqualTo(new[] { "Fetch", "Lint", "Fit" }));
        Assert.That(help.Output, Does.Match(@"Fit\s+Fits the model"));
    }

    [Test]
    public async Task Should_MakeTheTargetCacheable_GivenInheritWithInputsAndOutputs()
    {
        Sandbox.Write("data.csv", "1,2");

        await Sandbox.RunAsync(new CachedFitBuild(), "Fit");
        var second = new CachedFitBuild();
        var run = await Sandbox.RunAsync(second, "Fit");

        Assert.That(run.Output, Does.Contain("Fit up to date"));
        Assert.That(second.Ran, Is.EqualTo(new[] { "Fetch" }));
    }

    [Test]
    public async Task Should_EvaluateTheSettingsHookOncePerRun_HoweverOftenTheyAreRead()
    {
        var build = new PlainBuild();

        var run = await Sandbox.RunAsync(build, "Fit");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.ConfigureCalls, Is.EqualTo(1));
        Assert.That(build.SeenEpochs, Is.EqualTo(40), "the hook's value reaches the action");
    }

    [Test]
    public async Task Should_NameTheMissingInterface_GivenInheritOfAComponentTheBuildDoesNotImplement()
    {
        var run = await Sandbox.RunAsync(new WrongInheritBuild(), "Fit");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Does.Contain("inherits a target of IOtherComponent but does not implement it"));
    }

    [Test]
    public async Task Should_NameTheMistake_GivenParameterCalledWithAMemberNameAsWell()
    {
        var run = await Sandbox.RunAsync(new MisusedParameterBuild(), "Show");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("Parameter(...) was called for 'default-zone', which is not a [Parameter] of the build"));
    }

    internal sealed record FitSettings(int Epochs);

    internal interface IZone : IPipelineBuild
    {
        // the old two-argument form: with a string parameter it still compiles, and would read the wrong member
        [Parameter("Cloud zone")]
        string Zone => Parameter(nameof(Zone), "default-zone");
    }

    private sealed class MisusedParameterBuild : PipelineBuild, IZone
    {
        Target Show => _ => _.Executes(() => Log.Info(((IZone)this).Zone));
    }

    internal interface IFetch : IPipelineBuild
    {
        List<string> Ran { get; }

        Target Fetch => _ => _.Executes(() => Ran.Add("Fetch"));
    }

    internal interface IFit : IFetch
    {
        sealed FitSettings FitSettingsBase => new(10);

        sealed FitSettings FitSettings => Settings(() => ConfigureFit(FitSettingsBase));

        FitSettings ConfigureFit(FitSettings settings) => settings;

        int SeenEpochs { set; }

        Target Fit => _ => _
            .Description("Fits the model")
            .DependsOn(Fetch)
            .Executes(() =>
            {
                SeenEpochs = FitSettings.Epochs;
                Ran.Add("Fit");
            });
    }

    internal interface IOtherComponent : IPipelineBuild
    {
        Target Other => _ => _.Executes(() => { });
    }

    private class PlainBuild : PipelineBuild, IFit
    {
        public List<string> Ran { get; } = [];
        public int ConfigureCalls { get; private set; }
        public int SeenEpochs { get; set; }

        FitSettings IFit.ConfigureFit(FitSettings settings)
        {
            ConfigureCalls++;
            return settings with { Epochs = settings.Epochs * 4 };
        }

        // read the settings several times while the graph is defined, as components do
        Target Report => _ => _.DependsOn<IFit>(x => x.Fit).Description($"epochs {((IFit)this).FitSettings.Epochs} / {((IFit)this).FitSettings.Epochs}").Executes(() => { });
    }

    private sealed class GuardedBuild : PipelineBuild, IFit
    {
        public bool Enabled { get; init; }
        public List<string> Ran { get; } = [];
        public int SeenEpochs { get; set; }

        Target IFit.Fit => _ => _.Inherit<IFit>(x => x.Fit).OnlyWhen(() => Enabled, "disabled by the build");
    }

    private sealed class ExtendedBuild : PipelineBuild, IFit
    {
        public List<string> Ran { get; } = [];
        public int SeenEpochs { get; set; }

        Target Lint => _ => _.Executes(() => Ran.Add("Lint"));

        Target IFit.Fit => _ => _.Inherit<IFit>(x => x.Fit).DependsOn(Lint).After<IFit>(x => x.Fetch);
    }

    private sealed class CachedFitBuild : PipelineBuild, IFit
    {
        public List<string> Ran { get; } = [];
        public int SeenEpochs { get; set; }

        Target IFit.Fit => _ => _.Inherit<IFit>(x => x.Fit).Inputs("data.csv").Outputs("fit.txt").Executes(() => File.WriteAllText(RootDirectory / "fit.txt", "fitted"));
    }

    private sealed class WrongInheritBuild : PipelineBuild, IFit
    {
        public List<string> Ran { get; } = [];
        public int SeenEpochs { get; set; }

        Target IFit.Fit => _ => _.Inherit<IOtherComponent>(x => x.Other);
    }
}
