using Pipeline.Build;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Tests.Containers;

public sealed class RepositoryDefaultsTests
{
    private string root = null!;

    [SetUp]
    public void CreateRepository() => root = Directory.CreateTempSubdirectory("Iris Model__Repo.").FullName;

    [TearDown]
    public void DeleteRepository() => Directory.Delete(root, recursive: true);

    [Test]
    public void Should_NameTheImageAfterTheRepositoryDirectory_AsAValidRepositoryName()
    {
        var name = RepositoryDefaults.ImageRepository(AbsolutePath.Create(root));

        Assert.That(name, Does.StartWith("iris-model-repo"));
        Assert.DoesNotThrow(() => ImageName.ThrowIfInvalid(name));
        Assert.That(RepositoryDefaults.ContainerName("team/models/iris"), Is.EqualTo("iris"));
    }

    [Test]
    public void Should_FindTheOneAspNetProject_OutsideTestsAndBuild_AndItsAssembly()
    {
        Write("src/Svc/Svc.csproj", """<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><AssemblyName>Iris.Api</AssemblyName></PropertyGroup></Project>""");
        Write("src/Lib/Lib.csproj", """<Project Sdk="Microsoft.NET.Sdk"></Project>""");
        Write("tests/Svc.Tests/Svc.Tests.csproj", """<Project Sdk="Microsoft.NET.Sdk.Web"></Project>""");
        Write("build/_build.csproj", """<Project Sdk="Microsoft.NET.Sdk.Web"></Project>""");

        Assert.That(RepositoryDefaults.ServingProjects(AbsolutePath.Create(root)), Is.EqualTo(new[] { "src/Svc/Svc.csproj" }));
        Assert.That(RepositoryDefaults.EntryAssembly(AbsolutePath.Create(root), "src/Svc/Svc.csproj"), Is.EqualTo("Iris.Api.dll"));
        Assert.That(RepositoryDefaults.EntryAssembly(AbsolutePath.Create(root), "src/Lib/Lib.csproj"), Is.EqualTo("Lib.dll"));
    }

    [Test]
    public void Should_ListEveryCandidate_WhenThereAreTwo()
    {
        Write("src/A/A.csproj", """<Project Sdk="Microsoft.NET.Sdk.Web"></Project>""");
        Write("src/B/B.csproj", """<Project Sdk = "Microsoft.NET.Sdk.Web"></Project>""");

        Assert.That(RepositoryDefaults.ServingProjects(AbsolutePath.Create(root)), Is.EqualTo(new[] { "src/A/A.csproj", "src/B/B.csproj" }));
    }

    private void Write(string path, string content)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }
}
