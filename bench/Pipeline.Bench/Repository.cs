namespace Pipeline.Bench;

/// <summary>The repository root: the directory holding build.sh above the benchmark.</summary>
internal static class Repository
{
    public static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "build.sh")) && File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
                return directory.FullName;
        }

        throw new DirectoryNotFoundException("build.sh not found above " + AppContext.BaseDirectory);
    }
}
