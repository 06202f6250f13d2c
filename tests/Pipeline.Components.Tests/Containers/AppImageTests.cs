using Pipeline.Components.Containers;

namespace Pipeline.Components.Tests.Containers;

/// <summary>When the recorded app image may be reused for a model change, and when it must be built again.</summary>
public sealed class AppImageTests
{
    private string context = null!;

    [SetUp]
    public void CreateContext() => context = Directory.CreateTempSubdirectory("app-image-").FullName;

    [TearDown]
    public void DeleteContext() => Directory.Delete(context, recursive: true);

    [Test]
    public void Should_ReuseTheRecord_OnlyForTheSameInputs()
    {
        File.WriteAllText(Path.Combine(context, "app-image.json"), """{"inputs":"FROM base\nCOPY app/ /app/\n","id":"sha256:1","manifest":"{}","config":"{}"}""");

        Assert.That(AppImage.Recorded(context, "FROM base\nCOPY app/ /app/\n")?.Id, Is.EqualTo("sha256:1"));
        Assert.That(AppImage.Recorded(context, "FROM other-base\nCOPY app/ /app/\n"), Is.Null, "another base or other settings: build the app image again");
    }

    [Test]
    public void Should_BuildAgain_GivenNoRecordOrOneCutShort()
    {
        Assert.That(AppImage.Recorded(context, "FROM base\n"), Is.Null);

        File.WriteAllText(Path.Combine(context, "app-image.json"), """{"inputs":"FROM base\n","id":"sha""");

        Assert.That(AppImage.Recorded(context, "FROM base\n"), Is.Null);
    }

    [Test]
    public void Should_BuildAgain_GivenARecordOfAnEarlierVersionWithoutItsInputs()
    {
        File.WriteAllText(Path.Combine(context, "app-image.json"), """{"containerfile":"FROM base\n","id":"sha256:1","manifest":"{}","config":"{}"}""");

        Assert.That(AppImage.Recorded(context, "FROM base\n"), Is.Null);
    }
}
