namespace Model.Tests;

/// <summary>Files of this repository the tests train on: the shipped data set and params.yaml.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string DataFile => Path.Combine(Root, "data/iris.csv");

    public static string ParamsFile => Path.Combine(Root, "params.yaml");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
                return directory.FullName;
        }

        throw new DirectoryNotFoundException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
