using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Pipeline.Build;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Parameters;

/// <summary>Parameters of any parsable type are converted and checked when the build starts: a bad value stops it with exit 2, naming the parameter and the expected form.</summary>
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class TypedParameterTests : SandboxTests
{
    [Test]
    public async Task Should_ConvertNumbersDurationsUrisPathsAndParsableTypes() // a relative path is the shell's, as any command line reads it
    {
        Sandbox.Write(".nuke/parameters.json", """{ "Timeout": 120 }""");
        var build = new TypedBuild();

        var run = await Sandbox.RunAsync(build, "Show", "--minimum-accuracy", "0.925", "--endpoint", "https://models.example.com/v1", "--output", "out/report.md", "--region", "eu/west-4", "--max-rows", "5000000000");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Seen, Is.EqualTo($"0.925|00:02:00|https://models.example.com/v1|{Path.GetFullPath("out/report.md")}|eu-west-4|5000000000"));
    }

    [TestCase("90", 90)]
    [TestCase("90s", 90)]
    [TestCase("5m", 300)]
    [TestCase("1h30m", 5400)]
    [TestCase("250ms", 0.25)]
    [TestCase("00:01:30", 90)]
    public async Task Should_ReadDurationsAsPeopleTypeThem(string text, double seconds)
    {
        var build = new TypedBuild();

        var run = await Sandbox.RunAsync(build, "Show", "--timeout", text);

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.TimeoutValue, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("--timeout", "5x", "--timeout (from --timeout) expects a duration such as 90s, 5m, 1h30m or 250ms, got '5x'")]
    [TestCase("--minimum-accuracy", "high", "--minimum-accuracy (from --minimum-accuracy) expects a number such as 0.9, got 'high'")]
    [TestCase("--endpoint", "models.example.com", "--endpoint (from --endpoint) expects an absolute URI such as https://host/path, got 'models.example.com'")]
    [TestCase("--region", "nowhere", "--region (from --region) expects AREA/ZONE-NUMBER, got 'nowhere'")]
    public async Task Should_StopAtStartUp_NamingTheExpectedForm_GivenABadValue(string parameter, string value, string expected)
    {
        var build = new TypedBuild();

        var run = await Sandbox.RunAsync(build, "Show", parameter, value);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.Output);
        Assert.That(run.Output, Does.Contain(expected));
        Assert.That(build.Seen, Is.Null, "nothing ran");
    }

    [Test]
    public async Task Should_DescribeEachTypeInHelp_WithDurationsAsTyped()
    {
        var run = await Sandbox.RunAsync(new TypedBuild(), "--help");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("--minimum-accuracy <number>").And.Contain("--timeout <duration>").And.Contain("--endpoint <uri>")
            .And.Contain("--output <path>").And.Contain("--region <region>"));
        Assert.That(run.Output, Does.Contain("1m30s"), "the default duration as typed, not 00:01:30");
    }

    /// <summary>A user's own parsable type, as a component would declare one.</summary>
    public sealed record Region(string Area, int Zone) : IParsable<Region>
    {
        public static Region Parse(string s, IFormatProvider? provider) => TryParse(s, provider, out var region) ? region : throw new FormatException("AREA/ZONE-NUMBER");

        public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out Region result)
        {
            result = s?.Split('/') is [{ Length: > 0 } area, var zone] && zone.Split('-') is [_, var number] && int.TryParse(number, CultureInfo.InvariantCulture, out var n) ? new Region(area, n) : null;
            return result is not null;
        }

        public override string ToString() => $"{Area}-west-{Zone}";
    }

    private sealed class TypedBuild : PipelineBuild
    {
        [Parameter("Lowest accuracy that may ship")] readonly double MinimumAccuracy = 0.9;
        [Parameter("How long to wait")] readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
        [Parameter("Where the model answers")] readonly Uri? Endpoint;
        [Parameter("Report file")] readonly AbsolutePath? Output;
        [Parameter("Cloud region")] readonly Region? Region;
        [Parameter("Most rows to read")] readonly long MaxRows = 1000;

        public string? Seen { get; private set; }

        public TimeSpan TimeoutValue => Timeout;

        Target Show => _ => _.Executes(() => Seen = string.Join("|", MinimumAccuracy.ToString(CultureInfo.InvariantCulture), Timeout.ToString("c", CultureInfo.InvariantCulture), Endpoint, Output?.Value, Region, MaxRows));
    }
}
