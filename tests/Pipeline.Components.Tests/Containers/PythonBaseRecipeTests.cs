using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Containers;

/// <summary>The Python base's package set from apt's dependency output (recorded on Debian 12 in tests/Fixtures/apt-cache).</summary>
[CancelAfter(10_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class PythonBaseRecipeTests
{
    private static readonly string[] Roots = ["python3.11-minimal", "libpython3.11-stdlib"];

    [Test]
    public void Should_TakeTheFirstAlternativeOnly_AndLeaveInstallToolsOut()
    {
        var packages = PackageClosure.Of(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests/Fixtures/apt-cache/debian-12.python-depends.txt")), Roots);

        Assert.That(packages, Does.Contain("libpython3.11-stdlib").And.Contain("python3.11-minimal").And.Contain("libc6").And.Contain("media-types").And.Contain("libssl3"));
        Assert.That(packages, Does.Not.Contain("mime-support").And.Not.Contain("dpkg").And.Not.Contain("tar").And.Not.Contain("perl"), "mime-support is only the second alternative of media-types");
        Assert.That(packages, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public void Should_ResolveAVirtualDependency_ToItsFirstProvider()
    {
        const string output = "app\n  Depends: <awk>\n    mawk\n    gawk\n  Depends: libc6\nmawk\n  Depends: libc6\ngawk\n  Depends: libmpfr6\nlibc6\n";

        Assert.That(PackageClosure.Of(output, ["app"]), Is.EqualTo(new[] { "app", "libc6", "mawk" }));
    }

    [Test]
    public void Should_PickTheNewestPython_FromTheSearch()
    {
        const string search = "python3.11-minimal - Minimal subset (3.11)\npython3.13-minimal - Minimal subset (3.13)\npython3.9-minimal - old\n";

        Assert.That(PythonBaseRecipe.NewestPython(search), Is.EqualTo("3.13"));
        Assert.That(PythonBaseRecipe.NewestPython(""), Is.Null);
    }
}
