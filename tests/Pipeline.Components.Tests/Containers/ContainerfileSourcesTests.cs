using Pipeline.Components.Containers;

namespace Pipeline.Components.Tests.Containers;

/// <summary>What a user's Containerfile copies from the context: Containerize's cache inputs.</summary>
[CancelAfter(10_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ContainerfileSourcesTests
{
    [Test]
    public void Should_ListCopyAndAddSources_InShellAndJsonForm_WithoutOtherStagesOrFlags()
    {
        const string containerfile = """
            ARG BASE_IMAGE
            FROM ${BASE_IMAGE} AS app
            # COPY ignored.txt /nowhere
            COPY --chown=1654:1654 serve.py requirements.txt /app/
            ADD ["artifacts/model/", "/models/"]
            COPY --from=build /out /app/out
            COPY ./lib \
                 /app/lib
            """;

        Assert.That(ContainerfileSources.Parse(containerfile), Is.EqualTo(new[] { "serve.py", "requirements.txt", "artifacts/model", "lib" }));
        Assert.That(ContainerfileSources.DeclaresBaseImage(containerfile), Is.True);
    }

    [Test]
    public void Should_WatchTheWholeContext_GivenCopyOfTheRoot()
    {
        Assert.That(ContainerfileSources.Parse("FROM python:3\nCOPY . /app\n"), Is.EqualTo(new[] { "**/*" }));
        Assert.That(ContainerfileSources.DeclaresBaseImage("FROM python:3\nARG VERSION=1\n"), Is.False);
    }
}
