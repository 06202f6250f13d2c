using System.Text.RegularExpressions;

namespace Pipeline.IntegrationTests;

/// <summary>
/// The generated .gitlab-ci.yml executed for real by gitlab-ci-local: GitLab's JSON schema check, the jobs
/// of a main-branch and of a merge-request pipeline, running ./build.sh in dependency order with artifacts flowing.
/// </summary>
[NonParallelizable]
[Category("Integration")]
[CancelAfter(900_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class GeneratedGitLabPipelineTests
{
    private SeedRepository repository = null!;

    [OneTimeSetUp]
    public async Task CreateRepository() => repository = await SeedRepository.CreateAsync(TestContext.CurrentContext.CancellationToken);

    [OneTimeTearDown]
    public void DeleteRepository() => repository?.Dispose();

    [Test]
    public async Task Should_RunCheckThenTrainContainerizePushDeployInOrder_GivenAMainBranchPipeline()
    {
        var result = await GitLabCiLocal.RunAsync(repository, ["--variable", "CI_COMMIT_BRANCH=main"], TestContext.CurrentContext.CancellationToken);
        var output = result.StandardOutput + result.StandardError;

        Assert.That(result.ExitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("json schema validated"));
        Assert.That(StartedJobs(output), Is.EqualTo(new[] { "check-ci", "train", "containerize", "push", "deploy" }));
        Assert.That(output, Does.Contain("image containing model trained with seed 42"));
        Assert.That(output, Does.Match(@"deploy\s+> deployed sha256:[0-9a-f]{64}"));
        Assert.That(output, Does.Match(@"deploy\s+> - Push skipped \(--skip\)"));
    }

    [Test]
    public async Task Should_RunCheckTrainAndReportOnly_GivenAMergeRequestPipeline()
    {
        var result = await GitLabCiLocal.RunAsync(repository,
            ["--variable", "CI_PIPELINE_SOURCE=merge_request_event", "--unset-variable", "CI_COMMIT_BRANCH", "--variable", "CI_MERGE_REQUEST_IID=7"],
            TestContext.CurrentContext.CancellationToken);
        var output = result.StandardOutput + result.StandardError;

        Assert.That(result.ExitCode, Is.Zero, output);
        Assert.That(StartedJobs(output), Is.EqualTo(new[] { "check-ci", "train", "report" }));
        Assert.That(output, Does.Match(@"report\s+> wrote artifacts/report.md: report on model trained with seed 42"));
    }

    [Test]
    public async Task Should_StopWithTheSchemaError_GivenAnInvalidPipeline()
    {
        var valid = await File.ReadAllTextAsync(Path.Combine(repository.Root, ".gitlab-ci.yml"));
        var invalid = Path.Combine(repository.Root, "invalid-ci.yml");
        await File.WriteAllTextAsync(invalid, valid.Replace("  stage: train\n", "  stage: train\n  when: sometimes\n"));

        var result = await GitLabCiLocal.RunAsync(repository, ["--file", "invalid-ci.yml", "--list"], TestContext.CurrentContext.CancellationToken);

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardOutput + result.StandardError, Does.Contain("Invalid .gitlab-ci.yml configuration").And.Contain("train.when"));
    }

    [Test]
    public async Task Should_PassGitLabsSchema_GivenThisRepositorysCommittedPipeline()
    {
        File.Copy(Path.Combine(Pipeline.Tests.Shared.RepositoryRoot.Path, ".gitlab-ci.yml"), Path.Combine(repository.Root, "repository-ci.yml"), overwrite: true);

        var result = await GitLabCiLocal.RunAsync(repository, ["--file", "repository-ci.yml", "--list", "--variable", "CI_COMMIT_BRANCH=main"], TestContext.CurrentContext.CancellationToken);

        Assert.That(result.ExitCode, Is.Zero, result.StandardOutput + result.StandardError);
        Assert.That(result.StandardOutput + result.StandardError, Does.Contain("json schema validated").And.Contain("check-ci").And.Contain("train").And.Contain("test"));
    }

    [Test]
    public async Task Should_PassGitLabsSchema_GivenKeylessJobsWithIdTokens()
    {
        File.Copy(Path.Combine(Pipeline.Tests.Shared.RepositoryRoot.Path, "tests/Pipeline.CI.Tests/Snapshots/keyless-deploy.gitlab.yml"), Path.Combine(repository.Root, "keyless-ci.yml"), overwrite: true);

        var result = await GitLabCiLocal.RunAsync(repository, ["--file", "keyless-ci.yml", "--list", "--variable", "CI_COMMIT_BRANCH=main"], TestContext.CurrentContext.CancellationToken);

        Assert.That(result.ExitCode, Is.Zero, result.StandardOutput + result.StandardError);
        Assert.That(result.StandardOutput + result.StandardError, Does.Contain("json schema validated").And.Contain("push").And.Contain("deploy"));
    }

    private static List<string> StartedJobs(string output) =>
        Regex.Matches(output, @"^(\S+)\s+starting shell", RegexOptions.Multiline).Select(match => match.Groups[1].Value).ToList();
}
