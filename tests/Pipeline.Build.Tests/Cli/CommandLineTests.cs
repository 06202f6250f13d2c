using System.Text.Json;
using Pipeline.Build;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Cli;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class CommandLineTests : SandboxTests
{
    [Test]
    public async Task Should_ListTargetsWithDescriptionsDependenciesAndParameters_GivenHelp()
    {
        var build = new SmallBuild();
        var run = await Sandbox.RunAsync(build, b => ((SmallBuild)b).Publish, TestContext.CurrentContext.CancellationToken, "--help");

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(build.Ran, Is.Empty);
        Assert.That(run.Output, Does.Contain("Targets (default: Publish)")
            .And.Match(@"Compile\s+Compile the sources")
            .And.Match(@"Publish\s+Publish the package")
            .And.Contain("depends on Compile")
            .And.Contain("--channel <string>").And.Contain("Release channel").And.Contain("env PIPELINE_CHANNEL")
            .And.Contain("--plan").And.Contain("Exit codes"));
    }

    [Test]
    public async Task Should_PrintThePlanAndWriteHtmlWithoutRunning_GivenPlan()
    {
        var build = new SmallBuild();
        var run = await Sandbox.RunAsync(build, "Publish", "--plan");

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(build.Ran, Is.Empty);
        Assert.That(run.Output, Does.Match(@"1\. Compile[\s\S]*2\. Publish after Compile"));
        var html = Sandbox.Read(".nuke/temp/execution-plan.html");
        Assert.That(html, Does.StartWith("<!DOCTYPE html>").And.Contain("<td>Compile</td>").And.Contain("Publish the package"));
    }

    [Test]
    public async Task Should_GenerateSchemaOfParametersAndTargets_ForParametersJson()
    {
        await Sandbox.RunAsync(new SmallBuild(), "--help");

        using var schema = JsonDocument.Parse(Sandbox.Read(".nuke/build.schema.json"));
        var properties = schema.RootElement.GetProperty("properties");
        Assert.That(properties.GetProperty("Channel").GetProperty("type").GetString(), Is.EqualTo("string"));
        Assert.That(properties.GetProperty("Retries").GetProperty("type").GetString(), Is.EqualTo("integer"));
        Assert.That(properties.GetProperty("Target").GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
            Is.EqualTo(new[] { "Compile", "Publish" }));
    }

    [Test]
    public async Task Should_NotRewriteTheSchema_WhenNothingChanged()
    {
        await Sandbox.RunAsync(new SmallBuild(), "--help");
        var before = File.GetLastWriteTimeUtc(Sandbox.PathOf(".nuke/build.schema.json"));
        File.SetLastWriteTimeUtc(Sandbox.PathOf(".nuke/build.schema.json"), before.AddHours(-1));
        await Sandbox.RunAsync(new SmallBuild(), "--help");
        Assert.That(File.GetLastWriteTimeUtc(Sandbox.PathOf(".nuke/build.schema.json")), Is.EqualTo(before.AddHours(-1)));
    }

    [Test]
    public void Should_ParseTargetsFlagsAndParameterValues()
    {
        var commandLine = Pipeline.Build.Cli.CommandLine.Parse(["Train", "Push", "--skip", "Restore", "--force", "--tags", "a", "b", "--seed=7"]);
        Assert.Multiple(() =>
        {
            Assert.That(commandLine.Targets, Is.EqualTo(new[] { "Train", "Push" }));
            Assert.That(commandLine.Skip, Is.EqualTo(new[] { "Restore" }));
            Assert.That(commandLine.Force, Is.True);
            Assert.That(commandLine.Parameters["tags"], Is.EqualTo(new[] { "a", "b" }));
            Assert.That(commandLine.Parameters["seed"], Is.EqualTo(new[] { "7" }));
        });
    }

    [Test]
    public async Task Should_TreatWordsAfterFlagsAndSwitchesAsTargets()
    {
        var build = new SmallBuild();
        var plan = await Sandbox.RunAsync(build, "--plan", "Compile");
        var run = await Sandbox.RunAsync(build, "--verbose", "Compile", "--force");

        Assert.That(plan.Output, Does.Contain("1. Compile").And.Not.Contain("Publish"));
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Ran, Is.EqualTo(new[] { "Compile stable 3 True" }));
    }

    private sealed class SmallBuild : PipelineBuild
    {
        [Parameter("Release channel")] readonly string Channel = "stable";
        [Parameter("Upload retries")] readonly int Retries = 3;
        [Parameter("Print more")] readonly bool Verbose;

        public List<string> Ran { get; } = [];

        public Target Compile => _ => _.Description("Compile the sources").Executes(() => Ran.Add($"Compile {Channel} {Retries}{(Verbose ? " True" : "")}"));
        public Target Publish => _ => _.Description("Publish the package").DependsOn(Compile).Executes(() => Ran.Add("Publish"));
    }
}
