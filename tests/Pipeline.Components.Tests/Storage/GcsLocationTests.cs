using Pipeline.Build;
using Pipeline.Components.Storage;

namespace Pipeline.Components.Tests.Storage;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class GcsLocationTests
{
    [TestCase("gs://ml-cache", "ml-cache", "")]
    [TestCase("gs://ml-cache/", "ml-cache", "")]
    [TestCase("gs://ml-cache/team/pipeline/", "ml-cache", "team/pipeline/")]
    public void Should_SplitBucketAndPrefix(string text, string bucket, string prefix)
    {
        var location = GcsLocation.Parse(text);

        Assert.That((location.Bucket, location.Prefix), Is.EqualTo((bucket, prefix)));
        Assert.That(location.ToString(), Is.EqualTo(text.TrimEnd('/')));
    }

    [TestCase("gs://")]
    [TestCase("gs://My_Bucket")]
    [TestCase("gs://ab")]
    public void Should_ShowTheExpectedForm_GivenABadBucketName(string text)
    {
        var error = Assert.Throws<BuildConfigurationException>(() => GcsLocation.Parse(text));

        Assert.That(error!.Message, Does.Contain("gs://BUCKET/PREFIX"));
    }
}
