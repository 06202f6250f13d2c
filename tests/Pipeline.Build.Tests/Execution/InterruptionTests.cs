using Pipeline.Build;
using Pipeline.Tests.Shared;

namespace Pipeline.Build.Tests.Execution;

[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class InterruptionTests : SandboxTests
{
    internal override void Prepare(BuildSandbox emptySandbox)
    {
        emptySandbox.Write("input.txt", "v1");
    }

    [Test]
    public async Task Should_RecordNothingAndRunAgainNextTime_WhenCancelledDuringATarget()
    {
        using var cancellation = new CancellationTokenSource();
        var interrupted = new SlowBuild { OnStarted = cancellation.Cancel };

        var run = await Sandbox.RunAsync(interrupted, null, cancellation.Token, "Slow", "Next");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Match(@"Slow\s.*cancelled").And.Match(@"Next\s.*not run"));
        Assert.That(Sandbox.Exists("pipeline.lock"), Is.False);
        var again = new SlowBuild();
        await Sandbox.RunAsync(again, "Slow");
        Assert.That(again.Completed, Is.True);
        Assert.That(Sandbox.Read("pipeline.lock"), Does.Contain("Slow:"));
    }

    [Test]
    public async Task Should_RefuseWithAClearMessage_WhenAnotherRunHoldsTheCheckout()
    {
        using var release = new CancellationTokenSource();
        var holder = new SlowBuild { WaitForever = true };
        var first = Sandbox.RunAsync(holder, null, release.Token, "Slow");
        while (!holder.Started)
            await Task.Delay(20, TestContext.CurrentContext.CancellationToken);

        var second = await Sandbox.RunAsync(new SlowBuild(), "Slow", "--lock-timeout", "1");

        await release.CancelAsync();
        await first;
        Assert.That(second.ExitCode, Is.EqualTo(2));
        Assert.That(second.Output, Does.Contain("Another build").And.Contain("--lock-timeout"));
    }

    private sealed class SlowBuild : PipelineBuild
    {
        public Action? OnStarted { get; init; }
        public bool WaitForever { get; init; }
        public bool Started { get; private set; }
        public bool Completed { get; private set; }

        Target Slow => _ => _
            .Inputs("input.txt")
            .Outputs("output.txt")
            .Executes(async cancellationToken =>
            {
                Started = true;
                await File.WriteAllTextAsync(Path.Combine(RootDirectory, "output.txt"), "partial", cancellationToken);
                OnStarted?.Invoke();
                await Task.Delay(WaitForever ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(10), cancellationToken);
                Completed = true;
            });

        Target Next => _ => _.DependsOn(Slow).Executes(() => { });
    }
}
