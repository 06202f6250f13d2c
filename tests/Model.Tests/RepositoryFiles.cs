using Pipeline.Tests.Shared;

namespace Model.Tests;

/// <summary>Files of this repository the tests train on: the shipped data set and params.yaml.</summary>
internal static class RepositoryFiles
{
    public static string DataFile => Path.Combine(RepositoryRoot.Path, "data/iris.csv");

    public static string ParamsFile => RepositoryRoot.FixtureParams;
}
