using Pipeline.Build;

namespace Pipeline.Components.Restore;

/// <summary>The one solution file at the root, or an error that says how to choose.</summary>
internal static class SolutionFinder
{
    public static string Find(string rootDirectory)
    {
        var solutions = Directory.GetFiles(rootDirectory, "*.sln").Concat(Directory.GetFiles(rootDirectory, "*.slnx")).ToList();
        return solutions.Count == 1
            ? Path.GetFileName(solutions[0])
            : throw new BuildConfigurationException(
                $"Restore needs one solution at {rootDirectory}, found {solutions.Count}. Set it in ConfigureRestore: settings with {{ Solution = \"My.sln\" }}.");
    }
}
