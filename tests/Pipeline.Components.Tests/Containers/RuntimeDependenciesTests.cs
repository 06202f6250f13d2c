using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Containers;

/// <summary>
/// A model's run-time packages in the offline base: apt's closure of python3-sklearn (recorded on Debian 12), the build
/// tools Debian lists as run-time dependencies left out, and the links postinst scripts would have made.
/// </summary>
[CancelAfter(10_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class RuntimeDependenciesTests
{
    private static readonly string[] Requested = ["python3-sklearn", "python3-joblib"];

    private static string SklearnDepends => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests/Fixtures/apt-cache/debian-12.sklearn-depends.txt"));

    [Test]
    public void Should_KeepWhatScikitLearnLoads_AndLeaveTheCompilersOut_GivenTheDefaultLeftOutPackages()
    {
        var packages = PackageClosure.Of(SklearnDepends, Requested, new ContainerSettings { ImageRepository = "pipeline/model-serving" }.LeftOutPackages);

        Assert.That(packages, Is.SupersetOf(new[] { "python3-sklearn", "python3-sklearn-lib", "python3-joblib", "python3-numpy", "python3-scipy", "python3-threadpoolctl", "libblas3", "liblapack3", "libgomp1", "libgfortran5", "python3.11" }));
        Assert.That(packages, Has.None.Matches<string>(package => package!.EndsWith("-dev", StringComparison.Ordinal)));
        Assert.That(packages, Does.Not.Contain("g++").And.Not.Contain("g++-12").And.Not.Contain("python3-pythran").And.Not.Contain("binutils").And.Not.Contain("perl"),
            "only pythran needs the compiler, Boost and perl");
    }

    [Test]
    public void Should_TakeAptsClosureWhole_GivenNothingLeftOut()
    {
        var whole = PackageClosure.Of(SklearnDepends, Requested, []);
        var trimmed = PackageClosure.Of(SklearnDepends, Requested, new ContainerSettings { ImageRepository = "pipeline/model-serving" }.LeftOutPackages);

        Assert.That(whole, Does.Contain("g++").And.Contain("python3-pythran").And.Contain("libboost-dev"));
        Assert.That(whole, Is.SupersetOf(trimmed));
    }

    [Test]
    public void Should_NeverLeaveOutARequestedPackage_EvenWhenAPatternMatchesIt()
    {
        var packages = PackageClosure.Of(SklearnDepends, ["python3-sklearn", "python3-pythran"], ["python3-*"]);

        Assert.That(packages, Does.Contain("python3-sklearn").And.Contain("python3-pythran"));
        Assert.That(packages, Does.Not.Contain("python3-numpy"), "a dependency matching the pattern is left out");
    }

    [Test]
    public void Should_NameThePackagesTheIndexDoesNotKnow()
    {
        Assert.That(PackageClosure.Unknown(SklearnDepends, ["python3-sklearn", "python3-scikit-learn"]), Is.EqualTo(new[] { "python3-scikit-learn" }));
    }

    [Test]
    public void Should_ReadTheLinksOfUpdateAlternatives_AcrossContinuationLines()
    {
        const string libblas3 = """
            #!/bin/sh
            set -e
            update-alternatives --install /usr/lib/x86_64-linux-gnu/libblas.so.3 \
                                libblas.so.3-x86_64-linux-gnu /usr/lib/x86_64-linux-gnu/blas/libblas.so.3 10
            exit 0
            """;

        Assert.That(MaintainerAlternatives.Parse(libblas3), Is.EqualTo(new[] { new MaintainerAlternatives.Link("/usr/lib/x86_64-linux-gnu/libblas.so.3", "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3", 10) }));
    }

    [Test]
    public void Should_ReadSlaveLinks_SkipPathsWithVariables_AndChooseTheHighestPriority()
    {
        const string postinst = """
            update-alternatives --install /usr/bin/awk awk /usr/bin/mawk 5 --slave /usr/share/man/man1/awk.1.gz awk.1.gz /usr/share/man/man1/mawk.1.gz
            update-alternatives --install /usr/bin/awk awk /usr/bin/gawk 10
            update-alternatives --install /usr/lib/$triplet/libx.so libx /usr/lib/$triplet/x/libx.so 50
            """;

        var chosen = MaintainerAlternatives.Chosen(MaintainerAlternatives.Parse(postinst));

        Assert.That(chosen.Select(link => (link.Path, link.Target)), Is.EqualTo(new[]
        {
            ("/usr/bin/awk", "/usr/bin/gawk"),
            ("/usr/share/man/man1/awk.1.gz", "/usr/share/man/man1/mawk.1.gz"),
        }));
    }

    [Test]
    public async Task Should_RefuseANameThatIsNotADebianPackage_NamingTheSetting()
    {
        var recipe = new BaseImageRecipe("python", [], "python 3.11", "", []);

        var error = await Assert.ThrowsAsync<ImageBuildException>(() => RuntimeDependencies.AddAsync(recipe, ["scikit-learn>=1.2"], [], TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("ContainerSettings.RuntimePackages").And.Contain("'scikit-learn>=1.2'"));
        Assert.That(await RuntimeDependencies.AddAsync(recipe, [], [], TestContext.CurrentContext.CancellationToken), Is.SameAs(recipe), "no packages: the recipe as it was");
    }

    [Test]
    public void Should_RecogniseARunLineWithoutAShell()
    {
        Assert.That(ImageBuilder.IsMissingShell("error running container: from /usr/bin/runc creating container for [/bin/sh -c apt-get install -y x]: exec: \"/bin/sh\": stat /bin/sh: no such file or directory"), Is.True);
        Assert.That(ImageBuilder.IsMissingShell("COPY failed: no such file or directory: serve.py"), Is.False);
    }
}
