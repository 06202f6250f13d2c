using Pipeline.Build;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Tests.Containers;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ImageNameTests
{
    [TestCase("team/model-serving")]
    [TestCase("pipeline/model_serving.v2")]
    public void Should_Accept_GivenAValidRepository(string repository) => Assert.DoesNotThrow(() => ImageName.ThrowIfInvalid(repository));

    [TestCase("Team/Model")]
    [TestCase("team//model")]
    [TestCase("team/model:latest")]
    [TestCase("-model")]
    public void Should_ExplainTheRule_GivenAnInvalidRepository(string repository)
    {
        var error = Assert.Throws<RegistryException>(() => ImageName.ThrowIfInvalid(repository));
        Assert.That(error!.Message, Does.Contain($"'{repository}' is not a valid image repository name"));
    }
}
