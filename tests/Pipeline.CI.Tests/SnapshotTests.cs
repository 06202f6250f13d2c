using Pipeline.Build;
using Pipeline.CI.Declaration;
using Pipeline.CI.GitHub;
using Pipeline.CI.GitLab;
using Pipeline.Tests.Shared;

namespace Pipeline.CI.Tests;

/// <summary>
/// Generated YAML against approved files in Snapshots/. On a difference the test fails and writes
/// <c>name.received.yml</c> beside the approved file; review it and rename it to accept.
/// </summary>
[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class SnapshotTests
{
    private static readonly string SnapshotDirectory = Path.Combine(RepositoryRoot.Path, "tests/Pipeline.CI.Tests/Snapshots");

    private static IEnumerable<TestCaseData> Graphs()
    {
        yield return new TestCaseData("diamond", SyntheticGraphs.Diamond()).SetArgDisplayNames("diamond");
        yield return new TestCaseData("seed", SyntheticGraphs.Seed()).SetArgDisplayNames("seed");
        yield return new TestCaseData("secret-on-pull-requests", SyntheticGraphs.SecretOnPullRequests()).SetArgDisplayNames("secret-on-pull-requests");
        yield return new TestCaseData("python-setup", SyntheticGraphs.PythonSetup()).SetArgDisplayNames("python-setup");
        yield return new TestCaseData("keyless-deploy", SyntheticGraphs.KeylessDeploy()).SetArgDisplayNames("keyless-deploy");
        yield return new TestCaseData("promotion", SyntheticGraphs.Promotion()).SetArgDisplayNames("promotion");
    }

    [TestCaseSource(nameof(Graphs))]
    public void Should_MatchTheApprovedGitHubWorkflow(string name, (CiPipeline Pipeline, IReadOnlyList<TargetInfo> Targets) graph) =>
        AssertMatchesApproved($"{name}.github.yml", GitHubWorkflowWriter.Write(GitHubWorkflowGenerator.Generate(graph.Pipeline, graph.Targets)));

    [TestCaseSource(nameof(Graphs))]
    public void Should_MatchTheApprovedGitLabPipeline(string name, (CiPipeline Pipeline, IReadOnlyList<TargetInfo> Targets) graph) =>
        AssertMatchesApproved($"{name}.gitlab.yml", GitLabPipelineWriter.Write(GitLabPipelineGenerator.Generate(graph.Pipeline, graph.Targets)));

    private static void AssertMatchesApproved(string fileName, string generated)
    {
        var approved = Path.Combine(SnapshotDirectory, fileName);
        var received = Path.ChangeExtension(approved, ".received.yml");
        if (File.Exists(approved) && File.ReadAllText(approved) == generated)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, generated);
        Assert.Fail($"{fileName} differs from the approved snapshot (or none exists). Review {received} and rename it to {fileName} to approve.");
    }
}
