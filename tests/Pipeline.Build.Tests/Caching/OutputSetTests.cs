using System.Diagnostics;
using Pipeline.Build;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Caching;

/// <summary>
/// A target that skips its producer (<c>Consume --skip Train</c>, a CI job that downloaded outputs) never uses a set of
/// outputs that a killed run left half old, half new: it is refused, naming the stale files.
/// </summary>
[Category("Faults")]
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class OutputSetTests : SandboxTests
{
    private static readonly string[] Outputs = ["model.bin", "metrics.json", "training-history.json", "predictions.csv"];

    internal override void Prepare(BuildSandbox emptySandbox) => emptySandbox.Write("data/rows.csv", "1,2\n");

    [Test]
    public async Task Should_NeverHandAMixedSetToAConsumer_GivenKill9WhileAnotherRunRenamesOutputsIntoPlace()
    {
        var random = new Random(37);
        var (refused, consistent) = (0, 0);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            Assert.That((await Sandbox.RunAsync(new OutputBuild(), "Train")).ExitCode, Is.Zero);
            await KillWhileRenamingAsync(TimeSpan.FromMilliseconds(random.Next(0, 60)));
            var build = new OutputBuild();

            var run = await Sandbox.RunAsync(build, "Consume", "--skip", "Train");

            if (run.ExitCode == 0)
            {
                Assert.That(build.Consumed.Distinct().Count(), Is.EqualTo(1), $"attempt {attempt}: a consumer read a mixed set: {string.Join(", ", build.Consumed)}\n{run.Output}");
                consistent++;
            }
            else
            {
                Assert.That(run.Output, Does.Contain("Consume reads the outputs of Train (skipped), but").And.Contain("not what Train recorded in pipeline.lock"), $"attempt {attempt}");
                Assert.That(build.Consumed, Is.Empty, "refused before it read anything");
                refused++;
            }
        }

        TestContext.Out.WriteLine($"50 kills: {refused} mixed sets refused, {consistent} whole sets used");
        Assert.That(refused, Is.GreaterThan(0), "some kills landed mid-rename (else the test proves nothing)");
    }

    [Test]
    public async Task Should_UseTheRecordedOutputs_OfASkippedProducer()
    {
        Assert.That((await Sandbox.RunAsync(new OutputBuild(), "Train")).ExitCode, Is.Zero);
        var build = new OutputBuild();

        var run = await Sandbox.RunAsync(build, "Consume", "--skip", "Train");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(build.Consumed, Has.Count.EqualTo(Outputs.Length).And.All.EqualTo("generation 1"));
    }

    /// <summary>Another training run in its own process, writing each output to a staging file and renaming it into place, killed with SIGKILL after <paramref name="after"/>.</summary>
    private async Task KillWhileRenamingAsync(TimeSpan after)
    {
        var script = string.Concat(Outputs.Select(output => $"echo 'generation 2' > out/.{output}.new && mv out/.{output}.new out/{output} && sleep 0.01; "));
        using var writer = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = Sandbox.Root })!;
        await Task.Delay(after, TestContext.CurrentContext.CancellationToken);
        writer.Kill();
        await writer.WaitForExitAsync(TestContext.CurrentContext.CancellationToken);
        foreach (var staging in Directory.GetFiles(Sandbox.PathOf("out"), ".*.new"))
            File.Delete(staging);
    }

    private sealed class OutputBuild : PipelineBuild
    {
        public List<string> Consumed { get; } = [];

        Target Train => _ => _
            .Inputs("data/rows.csv")
            .Outputs([.. Outputs.Select(output => "out/" + output)])
            .Executes(() =>
            {
                Directory.CreateDirectory(RootDirectory / "out");
                foreach (var output in Outputs)
                    File.WriteAllText(RootDirectory / "out" / output, "generation 1\n");
            });

        Target Consume => _ => _
            .DependsOn(Train)
            .Executes(() => Consumed.AddRange(Outputs.Select(output => File.ReadAllText(RootDirectory / "out" / output).Trim())));
    }
}
