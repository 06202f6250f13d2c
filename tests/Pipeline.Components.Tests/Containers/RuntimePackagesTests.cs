using Pipeline.Components.Containers;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests.Containers;

/// <summary>The base image's package set resolved from each runner release's own index (recorded apt-cache outputs in tests/Fixtures/apt-cache).</summary>
[CancelAfter(10_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class RuntimePackagesTests
{
    [TestCase("debian-12", "libssl3", "libicu72")]
    [TestCase("debian-13", "libssl3t64", "libicu76")]
    [TestCase("ubuntu-24.04", "libssl3t64", "libicu74")]
    public void Should_ResolveTheReleasesOwnIcuAndOpenSslNames_FromItsIndex(string release, string ssl, string icu)
    {
        var packages = RuntimePackages.Resolve(Recorded(release, "search"));

        Assert.That(packages, Is.EqualTo(RuntimePackages.Fixed.Append(ssl).Append(icu)));
    }

    [TestCase("debian-12", "libicu72=72.1-3+deb12u1")]
    [TestCase("debian-13", "libicu76=76.1-4")]
    [TestCase("ubuntu-24.04", "libicu74=74.2-1ubuntu3.1")]
    public void Should_PinEveryPackageToItsCandidateVersion(string release, string icuPin)
    {
        var packages = RuntimePackages.Resolve(Recorded(release, "search"));

        var versions = RuntimePackages.CandidateVersions(packages, Recorded(release, "policy"));

        Assert.That(versions, Has.Count.EqualTo(8));
        Assert.That(versions.Select(version => version.Split('=')[0]), Is.EqualTo(packages));
        Assert.That(versions, Has.All.Match("^[a-z0-9.+-]+=[0-9]"), "each pinned to a version, so the same index gives the same image");
        Assert.That(versions, Does.Contain(icuPin));
    }

    [Test]
    public void Should_PreferTheNewestIcuAndThe64BitTimeOpenSsl_GivenAnIndexInTheMiddleOfAnUpgrade()
    {
        var packages = RuntimePackages.Resolve(Recorded("debian-12", "search") + Recorded("debian-13", "search") + "libicu-dev - Development files\nlibicu100 - a future ICU\n");

        Assert.That(packages.TakeLast(2), Is.EqualTo(new[] { "libssl3t64", "libicu100" }));
    }

    [Test]
    public void Should_SayToRunAptGetUpdate_GivenAnEmptyIndex()
    {
        var error = Assert.Throws<ImageBuildException>(() => RuntimePackages.Resolve(""));

        Assert.That(error!.Message, Does.Contain("apt-get update").And.Contain("ICU").And.Contain("OpenSSL").And.Contain("--base-image"));
    }

    [Test]
    public void Should_NameThePackage_GivenOneWithoutACandidate()
    {
        var policy = Recorded("debian-13", "policy").Replace("Candidate: 76.1-4", "Candidate: (none)", StringComparison.Ordinal);

        var error = Assert.Throws<ImageBuildException>(() => RuntimePackages.CandidateVersions(RuntimePackages.Resolve(Recorded("debian-13", "search")), policy));

        Assert.That(error!.Message, Does.Contain("libicu76").And.Not.Contain("libc6"));
    }

    private static string Recorded(string release, string kind) =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests/Fixtures/apt-cache", $"{release}.{kind}.txt"));
}
