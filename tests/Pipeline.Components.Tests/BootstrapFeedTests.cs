using System.Diagnostics;
using Pipeline.Tests.Shared;

namespace Pipeline.Components.Tests;

/// <summary>A committed NuGet.config that names a folder of another machine: build.sh says what to change before NuGet fails the restore.</summary>
[CancelAfter(60_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class BootstrapFeedTests : TemporaryFolderTests
{
    [Test]
    public void Should_NameTheMissingFolderFeed_AndTheFix_BeforeCompiling()
    {
        var (exitCode, output) = Bootstrap("/home/alice/pipeline-feed");

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("NuGet.config names the package source '/home/alice/pipeline-feed', a folder that does not exist here").And.Contain("feed URL").And.Contain("name that folder relatively"));
        Assert.That(output, Does.Not.Contain("Compiling the build"));
    }

    [Test]
    public void Should_LeaveAFeedUrlOrAnExistingRelativeFolder_ToNuGet()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "packages"));

        var url = Bootstrap("https://nuget.example.com/v3/index.json");
        var relative = Bootstrap("packages");

        Assert.That(url.Output + relative.Output, Does.Not.Contain("does not exist here"));
        Assert.That(url.Output, Does.Contain("Compiling the build"), "it went on to compile (which fails here: there is no build project)");
    }

    /// <summary>build.sh in a folder with a NuGet.config naming <paramref name="feed"/> and no compiled build.</summary>
    private (int ExitCode, string Output) Bootstrap(string feed)
    {
        File.Copy(Path.Combine(RepositoryRoot.Path, "src/Pipeline.Templates/content/pipeline/build.sh"), Path.Combine(Folder, "build.sh"), overwrite: true);
        File.WriteAllText(Path.Combine(Folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="/nowhere/at/all" />
              </config>
              <packageSources>
                <add key="pipeline" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var start = new ProcessStartInfo("bash", [Path.Combine(Folder, "build.sh"), "--help"]) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}
