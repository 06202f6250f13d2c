namespace Pipeline.Build.Execution;

/// <summary>Finds the repository root: the nearest directory with <c>.nuke/</c> above the build's binaries, else above the working directory.</summary>
internal static class RootDirectory
{
    public static string Find()
    {
        if (System.Environment.GetEnvironmentVariable("PIPELINE_ROOT") is { Length: > 0 } explicitRoot)
            return Path.GetFullPath(explicitRoot);
        return Above(AppContext.BaseDirectory) ?? Above(System.Environment.CurrentDirectory)
            ?? throw new BuildConfigurationException("No .nuke/ directory found above the build or the working directory. Run the build from the repository (./build.sh), or create .nuke/ at its root.");
    }

    internal static string? Above(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            // the build's binaries live under .nuke/temp: a .nuke/ found in there is a tool's stray copy, not the root
            if (Directory.Exists(Path.Combine(directory.FullName, BuildLayout.StateDirectory)) && !directory.FullName.Split(Path.DirectorySeparatorChar).Contains(BuildLayout.StateDirectory))
                return directory.FullName;
        }

        return null;
    }
}
