namespace Pipeline.IntegrationTests;

/// <summary>The README's examples compile against this repository's engine and do what the README says.</summary>
[Category("Integration")]
[CancelAfter(600_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ReadmeExamplesTests
{
    [Test]
    public async Task Should_TrainThenEvaluate_MaskTheToken_AndBeUpToDateTheSecondTime_GivenTheAddATargetExample()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        using var example = ReadmeExample.Create("add-a-target");

        var first = await example.BuildAsync(token, "Evaluate", "--dashboard-token", "s3cr3t-dashboard-value");
        var second = await example.BuildAsync(token, "Evaluate", "--dashboard-token", "s3cr3t-dashboard-value");
        var strict = await example.BuildAsync(token, "Evaluate", "--dashboard-token", "s3cr3t-dashboard-value", "--minimum-accuracy", "0.99");

        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(first.Output, Does.Contain("trained: accuracy 0.95").And.Contain("accuracy 95.0 %; posting to the dashboard with token ***"));
        Assert.That(first.Output, Does.Match(@"\n\s*Python 3\.\d+"), "the tool's output streams into the log");
        Assert.That(first.Output + second.Output + strict.Output, Does.Not.Contain("s3cr3t-dashboard-value"));
        Assert.That(example.Read("artifacts/evaluation.txt").Trim(), Is.EqualTo("0.95"));
        Assert.That(second.Output, Does.Contain("= Train up to date").And.Contain("= Evaluate up to date"));
        Assert.That(strict.ExitCode, Is.EqualTo(1), strict.Output);
        Assert.That(strict.Output, Does.Contain("Evaluate (changed: parameter MinimumAccuracy)").And.Contain("accuracy 95.0 % is below 99.0 %"));
    }

    [Test]
    public async Task Should_RunTheComponentsTargetWithTheBuildsHook_AndGenerateItsCiJob_GivenTheOwnComponentExample()
    {
        var token = TestContext.CurrentContext.CancellationToken;
        using var example = ReadmeExample.Create("own-component");

        var run = await example.BuildAsync(token); // Evaluate is the default target
        var strict = await example.BuildAsync(token, "--minimum-accuracy-percent", "99");
        var generate = await example.BuildAsync(token, "GenerateCI");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("accuracy 95.0 % clears 90 %; wrote artifacts/evaluation/accuracy.txt"));
        Assert.That(example.Read("artifacts/evaluation/accuracy.txt").Trim(), Is.EqualTo("0.95"));
        Assert.That(strict.ExitCode, Is.EqualTo(1), strict.Output);
        Assert.That(strict.Output, Does.Contain("accuracy 95.0 % is below 99 %"));
        Assert.That(generate.ExitCode, Is.Zero, generate.Output);
        Assert.That(example.Read(".github/workflows/pipeline.yml"), Does.Contain("evaluate:").And.Contain("run: ./build.sh Evaluate --skip Restore Train"));
        Assert.That(example.Read(".gitlab-ci.yml"), Does.Contain("evaluate:"));
    }
}
