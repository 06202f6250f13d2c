using Pipeline.Components.Containers;

namespace Pipeline.Components.Tests.Containers;

/// <summary>The fingerprint of what a user's app Containerfile reads: it moves with every source it copies, and only with those.</summary>
public sealed class AppSourcesTests
{
    private const string App = "FROM base\nCOPY ml/serve.py /app/serve.py\nCOPY ml/lib/ /app/lib/\nUSER 1654\n";
    private string context = null!;

    [SetUp]
    public void CreateContext()
    {
        context = Directory.CreateTempSubdirectory("app-sources-").FullName;
        Write("ml/serve.py", "print('serve')\n");
        Write("ml/lib/features.py", "def features(): pass\n");
        Write("artifacts/model/model.joblib", "model v1");
    }

    [TearDown]
    public void DeleteContext() => Directory.Delete(context, recursive: true);

    [Test]
    public void Should_StayTheSame_GivenAModelChangeOrAFileNoCopyReads()
    {
        var before = AppSources.Fingerprint(context, App, "artifacts/model");
        Write("artifacts/model/model.joblib", "model v2");
        Write("README.md", "notes\n");

        Assert.That(before, Is.Not.Null);
        Assert.That(AppSources.Fingerprint(context, App, "artifacts/model"), Is.EqualTo(before));
    }

    [TestCase("ml/serve.py", TestName = "a copied file changes")]
    [TestCase("ml/lib/features.py", TestName = "a file of a copied folder changes")]
    [TestCase("ml/lib/new.py", TestName = "a copied folder gains a file")]
    public void Should_Move_GivenAChangeToWhatACopyReads(string changed)
    {
        var before = AppSources.Fingerprint(context, App, "artifacts/model");
        Write(changed, "changed\n");

        Assert.That(AppSources.Fingerprint(context, App, "artifacts/model"), Is.Not.EqualTo(before));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are what the test sets
    public void Should_Move_GivenACopiedFileMadeExecutable()
    {
        var before = AppSources.Fingerprint(context, App, "artifacts/model");
        File.SetUnixFileMode(Path.Combine(context, "ml/serve.py"), File.GetUnixFileMode(Path.Combine(context, "ml/serve.py")) | UnixFileMode.UserExecute);

        Assert.That(AppSources.Fingerprint(context, App, "artifacts/model"), Is.Not.EqualTo(before));
    }

    [TestCase("FROM base\nCOPY . /app/\n", TestName = "the whole context, model included")]
    [TestCase("FROM base\nCOPY artifacts/ /data/\n", TestName = "a folder holding the model")]
    [TestCase("FROM base\nCOPY ml/*.py /app/\n", TestName = "a glob")]
    [TestCase("FROM base\nADD https://example.com/x.tar /x\n", TestName = "a URL")]
    public void Should_GiveNone_GivenSourcesItCannotListExactly(string containerfile) =>
        Assert.That(AppSources.Fingerprint(context, containerfile, "artifacts/model"), Is.Null);

    [Test]
    public void Should_GiveNone_GivenAnIgnoreFileThatMayLeaveFilesOut()
    {
        Write(".dockerignore", "ml/lib/\n");

        Assert.That(AppSources.Fingerprint(context, App, "artifacts/model"), Is.Null);
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(context, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
