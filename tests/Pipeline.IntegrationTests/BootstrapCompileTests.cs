using Pipeline.Tests.Shared;

namespace Pipeline.IntegrationTests;

/// <summary>build.sh compiling a real (minimal) build project: an edit of code alone skips NuGet's restore, a project edit restores.</summary>
[Category("Integration")]
[CancelAfter(300_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class BootstrapCompileTests : TemporaryFolderTests
{
    [Test]
    public async Task Should_SkipTheRestore_GivenOnlyCodeChanged_AndRestore_GivenTheProjectChanged()
    {
        File.Copy(Path.Combine(RepositoryRoot.Path, "src/Pipeline.Templates/content/pipeline/build.sh"), Path.Combine(Folder, "build.sh"));
        Directory.CreateDirectory(Path.Combine(Folder, "build"));
        // a restore input like any other, which counts the restores it sees
        Write("Directory.Build.targets", """
            <Project>
              <Target Name="CountRestores" BeforeTargets="Restore">
                <WriteLinesToFile File="$(MSBuildThisFileDirectory)restores.txt" Lines="restored" />
              </Target>
            </Project>
            """);
        Write("build/_build.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><AssemblyName>_build</AssemblyName></PropertyGroup>
            </Project>
            """);
        Write("build/Build.cs", """System.Console.WriteLine("first");""");

        var first = await RunAsync();
        Write("build/Build.cs", """System.Console.WriteLine("second");""");
        var codeOnly = await RunAsync();
        var restoresAfterCodeEdit = Restores();
        Write("build/_build.csproj", File.ReadAllText(Path.Combine(Folder, "build/_build.csproj")).Replace("</Project>", "<!-- edited --></Project>", StringComparison.Ordinal));
        var projectEdit = await RunAsync();

        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(first.Output, Does.Contain("Compiling the build (not compiled in this checkout yet)").And.Contain("first"));
        Assert.That(codeOnly.Output, Does.Contain("Compiling the build (a source changed, such as build/Build.cs)").And.Contain("second"), codeOnly.Output);
        Assert.That(restoresAfterCodeEdit, Is.EqualTo(1), "the code-only edit compiled without restoring");
        Assert.That(projectEdit.ExitCode, Is.Zero, projectEdit.Output);
        Assert.That(Restores(), Is.EqualTo(2), "the project edit restored");
    }

    private Task<(int ExitCode, string Output)> RunAsync() =>
        Processes.RunAsync("bash", [Path.Combine(Folder, "build.sh")], Folder, TestContext.CurrentContext.CancellationToken);

    private int Restores() => File.Exists(Path.Combine(Folder, "restores.txt")) ? File.ReadAllLines(Path.Combine(Folder, "restores.txt")).Length : 0;

    private void Write(string path, string content) => File.WriteAllText(Path.Combine(Folder, path), content);
}
