using Pipeline.Build;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Parameters;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ParameterResolutionTests : SandboxTests
{
    [Test]
    public async Task Should_PreferCommandLineThenEnvironmentThenFileThenDefault()
    {
        Sandbox.Write(".nuke/parameters.json", """{ "Namespace": "from-file", "Replicas": 3, "Region": "from-file" }""");
        Sandbox.Environment["PIPELINE_NAMESPACE"] = "from-env";
        Sandbox.Environment["PIPELINE_REPLICAS"] = "4";
        var build = new ParameterBuild();

        var run = await Sandbox.RunAsync(build, "Show", "--namespace", "from-cli");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Seen, Is.EqualTo("from-cli|4|from-file|default-zone"));
    }

    [Test]
    public async Task Should_IgnoreGenericVariablesOfTheCiSystem_GivenNoPipelinePrefix()
    {
        Sandbox.Environment["NAMESPACE"] = "set-by-the-ci-system";
        Sandbox.Environment["MODE"] = "production"; // not a DeployMode: read as a parameter, it would stop the run
        var build = new ParameterBuild();

        var run = await Sandbox.RunAsync(build, "Show");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Seen, Does.StartWith("default|"));
    }

    [Test]
    public async Task Should_ReadTheNamedVariable_GivenAParameterThatNamesItsOwn()
    {
        Sandbox.Environment["WELL_KNOWN_TOKEN"] = "platform-token";
        Sandbox.Environment["PIPELINE_PLATFORM_TOKEN"] = "not-this-one";
        var build = new ParameterBuild();

        var run = await Sandbox.RunAsync(build, "Show");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.PlatformTokenValue, Is.EqualTo("platform-token"));
    }

    [Test]
    public async Task Should_ConvertEveryKind_GivenTypedValues()
    {
        Sandbox.Environment["PIPELINE_TAGS"] = "a, b,c";
        var build = new ParameterBuild();

        var run = await Sandbox.RunAsync(build, "Show", "--dry-run", "--mode", "blue-green", "--replicas", "7", "--extra", "x", "y");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.Multiple(() =>
        {
            Assert.That(build.DryRunValue, Is.True);
            Assert.That(build.ModeValue, Is.EqualTo(DeployMode.BlueGreen));
            Assert.That(build.ReplicasValue, Is.EqualTo(7));
            Assert.That(build.TagsValue, Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(build.ExtraValue, Is.EqualTo(new[] { "x", "y" }));
        });
    }

    [Test]
    public async Task Should_ExplainTheExpectedType_GivenIllTypedValue()
    {
        var run = await Sandbox.RunAsync(new ParameterBuild(), "Show", "--replicas", "many");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Does.Contain("--replicas").And.Contain("a whole number").And.Contain("'many'"));
    }

    [TestCase("--transfers", "0", "a whole number from 1 to 64, got '0'")]
    [TestCase("--lock-timeout", "-5", "a whole number from 0 to 86400, got '-5'")]
    public async Task Should_StopBeforeRunning_NamingTheRange_GivenAnIntOutsideIt(string parameter, string value, string expected)
    {
        var build = new ParameterBuild();

        var run = await Sandbox.RunAsync(build, "Show", parameter, value);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Does.Contain($"Parameter {parameter} (from {parameter}) expects {expected}"));
        Assert.That(build.Seen, Is.Null, "nothing ran");
    }

    [Test]
    public async Task Should_ListTheChoices_GivenUnknownEnumValue()
    {
        var run = await Sandbox.RunAsync(new ParameterBuild(), "Show", "--mode", "sideways");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Does.Contain("rolling, blue-green"));
    }

    [Test]
    public async Task Should_SuggestTheNearestParameter_GivenUnknownOne()
    {
        var run = await Sandbox.RunAsync(new ParameterBuild(), "Show", "--namespce", "x");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Does.Contain("Unknown parameter --namespce").And.Contain("Did you mean --namespace?"));
    }

    [Test]
    public async Task Should_NameFileAndLine_GivenMalformedParametersFile()
    {
        Sandbox.Write(".nuke/parameters.json", "{\n  \"Namespace\": \"x\",\n  \"Replicas\": ,\n}");
        var run = await Sandbox.RunAsync(new ParameterBuild(), "Show");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Does.Contain(".nuke/parameters.json(3,"));
    }

    [Test]
    public async Task Should_RejectUnknownKeys_GivenParametersFileTypo()
    {
        Sandbox.Write(".nuke/parameters.json", """{ "Replcas": 2 }""");
        var run = await Sandbox.RunAsync(new ParameterBuild(), "Show");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Does.Contain("unknown parameter \"Replcas\"").And.Contain("Did you mean \"Replicas\"?"));
    }

    [Test]
    public async Task Should_MaskTheSecret_InConsoleAndLogFile()
    {
        Sandbox.Environment["PIPELINE_API_TOKEN"] = "s3cr3t-token-value";
        var run = await Sandbox.RunAsync(new ParameterBuild(), "Leak", "--replicas", "2");

        var log = Sandbox.Read(".nuke/temp/build.log");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Not.Contain("s3cr3t-token-value").And.Contain("token is ***"));
        Assert.That(log, Does.Not.Contain("s3cr3t-token-value").And.Contain("token is ***"));
    }

    [Test]
    public async Task Should_MaskASecretObtainedAtRunTime_InLaterLines()
    {
        var run = await Sandbox.RunAsync(new ParameterBuild(), "LeakRuntimeToken");

        Assert.That(run.Output, Does.Contain("token ***").And.Not.Contain("runtime-token-4711"));
        Assert.That(Sandbox.Read(".nuke/temp/build.log"), Does.Not.Contain("runtime-token-4711"));
    }

    [Test]
    public async Task Should_StopBeforeRunning_GivenMissingRequiredParameter()
    {
        var build = new ParameterBuild();
        var run = await Sandbox.RunAsync(build, "NeedsToken");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Does.Contain("NeedsToken requires parameter --api-token").And.Contain("PIPELINE_API_TOKEN"));
        Assert.That(build.Seen, Is.Null);
    }

    [Test]
    public async Task Should_ShowSecretsMasked_InHelp()
    {
        Sandbox.Environment["PIPELINE_API_TOKEN"] = "s3cr3t-token-value";
        var run = await Sandbox.RunAsync(new ParameterBuild(), "--help");
        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Output, Does.Contain("--api-token <string>").And.Contain("(secret)").And.Not.Contain("s3cr3t-token-value"));
    }

    public enum DeployMode
    {
        Rolling,
        BlueGreen,
    }

    private interface IRegion : IPipelineBuild
    {
        [Parameter("Cloud region")]
        string Region => Parameter("default-region");

        [Parameter("Cloud zone")]
        string Zone => Parameter("default-zone");
    }

    private sealed class ParameterBuild : PipelineBuild, IRegion
    {
        [Parameter("Kubernetes namespace")] readonly string Namespace = "default";
        [Parameter("Replica count")] readonly int Replicas = 1;
        [Parameter("Render only")] readonly bool DryRun;
        [Parameter("Rollout mode")] readonly DeployMode Mode = DeployMode.Rolling;
        [Parameter("Image tags")] readonly string[] Tags = [];
        [Parameter("Extra arguments")] readonly string[] Extra = [];
        [Parameter("Registry token"), Secret] readonly string? ApiToken;
        [Parameter("A token the platform provides", EnvironmentVariable = "WELL_KNOWN_TOKEN"), Secret] readonly string? PlatformToken;

        public string? PlatformTokenValue => PlatformToken;

        public string? Seen { get; private set; }
        public bool DryRunValue => DryRun;
        public DeployMode ModeValue => Mode;
        public int ReplicasValue => Replicas;
        public string[] TagsValue => Tags;
        public string[] ExtraValue => Extra;

        Target Show => _ => _.Executes(() => Seen = $"{Namespace}|{Replicas}|{((IRegion)this).Region}|{((IRegion)this).Zone}");
        Target Leak => _ => _.Executes(() =>
        {
            Log.Info($"token is {ApiToken}");
            throw new TargetFailedException($"failed with token {ApiToken}");
        });

        Target LeakRuntimeToken => _ => _.Executes(() =>
        {
            Log.MaskSecret("runtime-token-4711");
            Log.Info("token runtime-token-4711");
        });

        Target NeedsToken => _ => _.Requires(() => ApiToken).Executes(() => Seen = "ran");
    }
}
