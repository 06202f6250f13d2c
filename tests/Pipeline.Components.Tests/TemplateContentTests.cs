using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests;

/// <summary>What `dotnet new pipeline` ships is this repository's own bootstrap, and its template.json survives MSBuild's version stamping.</summary>
[CancelAfter(10_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class TemplateContentTests
{
    private static readonly string Content = Path.Combine(RepositoryRoot.Path, "src/Pipeline.Templates/content/pipeline");

    [TestCase("build.sh")]
    [TestCase("build.ps1")]
    public void Should_ShipTheBootstrapThisRepositoryRuns(string bootstrap) =>
        Assert.That(File.ReadAllText(Path.Combine(Content, bootstrap)), Is.EqualTo(File.ReadAllText(Path.Combine(RepositoryRoot.Path, bootstrap))),
            $"{bootstrap} at the root and in the template must be the same file (build.sh is a link to the template's; build.ps1 a copy, as Windows checkouts may not keep links)");

    [Test]
    public void Should_KeepTemplateJsonFreeOfWhatMsBuildRewrites_WhenItStampsTheVersion()
    {
        var json = File.ReadAllText(Path.Combine(Content, ".template.config/template.json"));

        Assert.That(json, Does.Not.Contain("\\"), "WriteLinesToFile turns backslashes into slashes");
        Assert.That(json, Does.Not.Contain(";"), "WriteLinesToFile splits its lines at semicolons");
        Assert.That(json, Does.Contain("PIPELINE_PACKAGE_VERSION"), "the placeholder Pack replaces with the package version");
    }
}
