namespace Pipeline.Tests.Shared;

/// <summary>A fixture whose every test gets an empty folder of its own, deleted after it.</summary>
public abstract class TemporaryFolderTests
{
    /// <summary>This test's folder.</summary>
    protected string Folder { get; private set; } = null!;

    [SetUp]
    public void CreateFolder() => Folder = Directory.CreateTempSubdirectory(GetType().Name + "-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(Folder))
            Directory.Delete(Folder, recursive: true);
    }
}
