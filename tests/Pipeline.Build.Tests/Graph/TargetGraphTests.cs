using Pipeline.Build;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Graph;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class TargetGraphTests : SandboxTests
{
    [Test]
    public async Task Should_RunEachDependencyOnceAndFirst_GivenDiamond()
    {
        var build = new DiamondBuild();
        var run = await Sandbox.RunAsync(build, "D");
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Ran, Is.EqualTo(new[] { "A", "B", "C", "D" }));
    }

    [Test]
    public async Task Should_FailWithTheCycleNamed_GivenCyclicDependencies()
    {
        var run = await Sandbox.RunAsync(new CyclicBuild(), "First");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Does.Contain("cycle").And.Contain("First").And.Contain("Second").And.Contain("Third"));
    }

    [Test]
    public async Task Should_OrderByAfterAndBefore_WithoutAddingTargets()
    {
        var build = new OrderingBuild();
        var run = await Sandbox.RunAsync(build, "Late", "Early", "Middle");
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Ran, Is.EqualTo(new[] { "Early", "Setup", "Middle", "Late" }));

        var alone = new OrderingBuild();
        await Sandbox.RunAsync(alone, "Late");
        Assert.That(alone.Ran, Is.EqualTo(new[] { "Late" }));
    }

    [Test]
    public async Task Should_AddTheTargetBeforeItsDependent_GivenDependentFor()
    {
        var build = new OrderingBuild();
        var run = await Sandbox.RunAsync(build, "Middle");
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Ran, Is.EqualTo(new[] { "Setup", "Middle" }));
    }

    [Test]
    public async Task Should_RunTriggeredTargetsAfterTheTrigger()
    {
        var build = new OrderingBuild();
        var run = await Sandbox.RunAsync(build, "Triggering");
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Ran, Is.EqualTo(new[] { "Triggering", "Cleanup" }));
    }

    [Test]
    public async Task Should_SkipOnlyTheNamedTargets_GivenSkipList()
    {
        var build = new DiamondBuild();
        var run = await Sandbox.RunAsync(build, "D", "--skip", "B");
        Assert.That(build.Ran, Is.EqualTo(new[] { "A", "C", "D" }));
        Assert.That(run.Output, Does.Match(@"B\s.*skipped"));
    }

    [Test]
    public async Task Should_SkipEveryTargetNotNamed_GivenBareSkip()
    {
        var build = new DiamondBuild();
        await Sandbox.RunAsync(build, "D", "--skip");
        Assert.That(build.Ran, Is.EqualTo(new[] { "D" }));
    }

    [Test]
    public async Task Should_StopAndReportNotRun_WhenATargetFails()
    {
        var build = new FailingBuild();
        var run = await Sandbox.RunAsync(build, "After");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(build.Ran, Is.EqualTo(new[] { "Fails" }));
        Assert.That(run.Output, Does.Contain("the model exploded").And.Match(@"After\s.*not run"));
    }

    [Test]
    public async Task Should_GoOnWithIndependentTargets_WhenFailingTargetProceedsAfterFailure()
    {
        var build = new FailingBuild();
        var run = await Sandbox.RunAsync(build, "Tolerated", "Independent", "NeedsTolerated");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(build.Ran, Is.EqualTo(new[] { "Tolerated", "Independent" }));
        Assert.That(run.Output, Does.Match(@"NeedsTolerated\s.*not run"));
    }

    [Test]
    public async Task Should_SkipTarget_WhenItsConditionIsFalse()
    {
        var build = new ConditionalBuild();
        var run = await Sandbox.RunAsync(build, "OnlyOnMain", "Always");
        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(build.Ran, Is.EqualTo(new[] { "Always" }));
        Assert.That(run.Output, Does.Contain("not on the main branch"));
    }

    [Test]
    public async Task Should_SuggestTheNearestName_GivenUnknownTarget()
    {
        var run = await Sandbox.RunAsync(new DiamondBuild(), "Dd");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Does.Contain("Unknown target 'Dd'").And.Contain("Did you mean 'D'?"));
    }

    [Test]
    public async Task Should_RunTheDefaultTarget_GivenNoTargetNamed()
    {
        var build = new DiamondBuild();
        var run = await Sandbox.RunAsync(build, b => ((DiamondBuild)b).C, TestContext.CurrentContext.CancellationToken);
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Ran, Is.EqualTo(new[] { "A", "C" }));
    }

    [Test]
    public async Task Should_ResolveComponentTargetsAndConfigureHooks_GivenComponentInterfaces()
    {
        var build = new ComponentBuild();
        var run = await Sandbox.RunAsync(build, "Package");
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Ran, Is.EqualTo(new[] { "Compile(Release, customised)", "Package" }));
    }

    private class RecordingBuild : PipelineBuild
    {
        public List<string> Ran { get; } = [];
    }

    private sealed class DiamondBuild : RecordingBuild
    {
        public Target A => _ => _.Executes(() => Ran.Add("A"));
        public Target B => _ => _.DependsOn(A).Executes(() => Ran.Add("B"));
        public Target C => _ => _.DependsOn(A).Executes(() => Ran.Add("C"));
        public Target D => _ => _.DependsOn(B, C).Executes(() => Ran.Add("D"));
    }

    private sealed class CyclicBuild : RecordingBuild
    {
        Target First => _ => _.DependsOn(Third);
        Target Second => _ => _.DependsOn(First);
        Target Third => _ => _.After(Second);
    }

    private sealed class OrderingBuild : RecordingBuild
    {
        Target Early => _ => _.Before(Middle).Executes(() => Ran.Add("Early"));
        Target Middle => _ => _.Executes(() => Ran.Add("Middle"));
        Target Late => _ => _.After(Middle).Executes(() => Ran.Add("Late"));
        Target Triggering => _ => _.Triggers(Cleanup).Executes(() => Ran.Add("Triggering"));
        Target Cleanup => _ => _.Executes(() => Ran.Add("Cleanup"));
        Target Setup => _ => _.DependentFor(Middle).Executes(() => Ran.Add("Setup"));
    }

    private sealed class FailingBuild : RecordingBuild
    {
        Target Fails => _ => _.Executes(() =>
        {
            Ran.Add("Fails");
            throw new TargetFailedException("the model exploded");
        });

        Target After => _ => _.DependsOn(Fails).Executes(() => Ran.Add("After"));

        Target Tolerated => _ => _.ProceedAfterFailure().Executes(() =>
        {
            Ran.Add("Tolerated");
            throw new InvalidOperationException("flaky");
        });

        Target Independent => _ => _.After(Tolerated).Executes(() => Ran.Add("Independent"));
        Target NeedsTolerated => _ => _.DependsOn(Tolerated).After(Independent).Executes(() => Ran.Add("NeedsTolerated"));
    }

    private sealed class ConditionalBuild : RecordingBuild
    {
        Target OnlyOnMain => _ => _.OnlyWhen(() => false, "not on the main branch").Executes(() => Ran.Add("OnlyOnMain"));
        Target Always => _ => _.Executes(() => Ran.Add("Always"));
    }

    private interface ICompile : IPipelineBuild
    {
        List<string> Ran { get; }

        [Parameter("Build configuration")]
        string Configuration => Parameter("Release");

        string ConfigureCompile(string flavour) => flavour;

        Target Compile => _ => _.Executes(() => Ran.Add($"Compile({Configuration}, {ConfigureCompile("default")})"));
    }

    private interface IPackage : ICompile
    {
        Target Package => _ => _.DependsOn<ICompile>().Executes(() => Ran.Add("Package"));
    }

    private sealed class ComponentBuild : RecordingBuild, IPackage
    {
        string ICompile.ConfigureCompile(string flavour) => "customised";
    }
}
