using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.CI.GitHub;
using Pipeline.Tests.Shared;

namespace Pipeline.CI.Tests;

/// <summary>
/// The generated workflow's own supply chain: every action it uses is pinned by the commit its release tag points at
/// (checked against the tags and action.yml recorded from each action's repository), runs on Node 24, and is written
/// with its version beside the SHA.
/// </summary>
[CancelAfter(30_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed partial class PinnedActionsTests
{
    private static IEnumerable<TestCaseData> Pins() => PinnedActions.All.Select(action => new TestCaseData(action.Repository).SetArgDisplayNames(action.Repository));

    [TestCaseSource(nameof(Pins))]
    public void Should_PinTheCommitOfItsReleaseTag_OnANode24Major(string repository)
    {
        var action = PinnedActions.All.Single(pinned => pinned.Repository == repository);
        using var facts = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests/Fixtures/github-actions", action.Repository.Split('/')[1] + ".json")));
        var tags = facts.RootElement.GetProperty("tags");
        var release = tags.GetProperty(action.Version);
        var major = tags.GetProperty(action.Version.Split('.')[0]);

        Assert.That(facts.RootElement.GetProperty("repository").GetString(), Is.EqualTo(action.Repository));
        Assert.That(action.Commit, Does.Match("^[0-9a-f]{40}$"), "a full commit SHA, not a tag");
        Assert.That(release.GetProperty("commit").GetString(), Is.EqualTo(action.Commit), $"{action.Version} of {action.Repository} points at another commit");
        var runs = release.GetProperty("runs.using").GetString();
        var node = runs == "composite" // a composite action runs the actions its steps use: each of those must be on Node 24
            ? release.GetProperty(release.GetProperty("runs.steps.uses").GetString() + " runs.using").GetString()
            : runs;
        Assert.That(node, Is.EqualTo("node24"), "Node 20 is gone from GitHub's runners");
        Assert.That(major.GetProperty("commit").GetString(), Is.EqualTo(action.Commit), "the newest release of its major");
    }

    [Test]
    public void Should_KeepUploadAndDownloadArtifactACompatiblePair()
    {
        static int Major(PinnedAction action) => int.Parse(action.Version[1..].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(Major(PinnedActions.UploadArtifact), Is.GreaterThanOrEqualTo(4), "v4 and later share one artifact service; v3 and earlier cannot read them");
        Assert.That(Major(PinnedActions.DownloadArtifact), Is.GreaterThanOrEqualTo(4));
    }

    [Test]
    public void Should_WriteEveryActionOfTheWorkflowBySha_WithItsVersionBeside_AndKeepNoCheckoutToken()
    {
        var (pipeline, targets) = SyntheticGraphs.Seed();
        var yaml = GitHubWorkflowWriter.Write(GitHubWorkflowGenerator.Generate(pipeline, targets));
        var uses = UsesLine().Matches(yaml).Select(match => match.Value).ToList();

        Assert.That(uses, Is.Not.Empty);
        Assert.That(uses, Has.All.Match(@"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$"), string.Join("\n", uses));
        Assert.That(uses.Select(line => line.Split('@')[0]).Distinct(), Is.SupersetOf(new[] { "uses: actions/checkout", "uses: actions/setup-dotnet", "uses: actions/cache", "uses: actions/upload-artifact", "uses: actions/download-artifact" }));
        Assert.That(Regex.Matches(yaml, "persist-credentials: 'false'").Count, Is.EqualTo(Regex.Matches(yaml, "uses: actions/checkout@").Count), "every checkout leaves no token behind");
    }

    [GeneratedRegex(@"uses: .*$", RegexOptions.Multiline)]
    private static partial Regex UsesLine();
}
