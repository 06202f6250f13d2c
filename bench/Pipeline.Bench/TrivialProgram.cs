namespace Pipeline.Bench;

/// <summary>A hello-world console project in a temporary directory: the baseline of "starting a dotnet program".</summary>
internal sealed record TrivialProgram(string Directory, string Project, string Executable)
{
    public static TrivialProgram Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("pipeline-bench-").FullName;
        var project = Path.Combine(directory, "Trivial.csproj");
        File.WriteAllText(project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <OutputPath>out/</OutputPath>
                <AppendTargetFrameworkToOutputPath>false</AppendTargetFrameworkToOutputPath>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), "System.Console.WriteLine(\"hello\");\n");
        // an empty Directory.Build.props stops the repository's own props from applying
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        return new TrivialProgram(directory, project, Path.Combine(directory, "out", "Trivial"));
    }

    public void Delete() => System.IO.Directory.Delete(Directory, recursive: true);
}
