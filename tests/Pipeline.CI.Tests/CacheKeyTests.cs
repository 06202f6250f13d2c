using Pipeline.CI.Declaration;
using Pipeline.CI.GitHub;
using Pipeline.CI.GitLab;

namespace Pipeline.CI.Tests;

/// <summary>The CI cache is keyed by files the repository has, whatever its ecosystem.</summary>
[CancelAfter(10_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class CacheKeyTests
{
    private string root = null!;

    [SetUp]
    public void Create() => root = Directory.CreateTempSubdirectory("cache-key-").FullName;

    [TearDown]
    public void Delete() => Directory.Delete(root, recursive: true);

    [Test]
    public void Should_KeyByRequirementsTxt_GivenAPythonRepositoryWithoutDotNetProps()
    {
        File.WriteAllText(Path.Combine(root, "requirements.txt"), "scikit-learn==1.5.2\n");

        var pipeline = new CiPipeline { CacheKeyFiles = CiPipeline.ExistingCacheKeyFiles(root) };
        var (gitlab, github) = Generate(pipeline);

        Assert.That(pipeline.CacheKeyFiles, Is.EqualTo(new[] { "requirements.txt" }));
        Assert.That(gitlab, Does.Contain("key:\n      files:\n      - requirements.txt\n").And.Not.Contain("Directory.Packages.props"));
        Assert.That(github, Does.Contain("hashFiles('**/*.csproj', 'requirements.txt')"));
    }

    [Test]
    public void Should_TakeAtMostTwoFiles_InOrderOfPreference_AsGitLabAllows()
    {
        foreach (var file in new[] { "global.json", "pyproject.toml", "Directory.Packages.props", "uv.lock" })
            File.WriteAllText(Path.Combine(root, file), "{}");

        Assert.That(CiPipeline.ExistingCacheKeyFiles(root), Is.EqualTo(new[] { "Directory.Packages.props", "uv.lock" }));
    }

    [Test]
    public void Should_UseGitLabsDefaultKey_GivenNoneOfTheFiles()
    {
        var (gitlab, github) = Generate(new CiPipeline { CacheKeyFiles = CiPipeline.ExistingCacheKeyFiles(root) });

        Assert.That(gitlab, Does.Not.Contain("key:"));
        Assert.That(github, Does.Contain("hashFiles('**/*.csproj')"));
    }

    private static (string GitLab, string GitHub) Generate(CiPipeline pipeline)
    {
        pipeline = pipeline.Job("Train");
        IReadOnlyList<Pipeline.Build.TargetInfo> targets = [new("CheckCI", "", [], [], false), new("Train", "", [], ["artifacts/model"], false)];
        return (GitLabPipelineWriter.Write(GitLabPipelineGenerator.Generate(pipeline, targets)), GitHubWorkflowWriter.Write(GitHubWorkflowGenerator.Generate(pipeline, targets)));
    }
}
