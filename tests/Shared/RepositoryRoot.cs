namespace Pipeline.Tests.Shared;

/// <summary>This repository's root (the directory with Pipeline.sln above the test binaries), for tests that use its data.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>
    /// The tests' own copy of params.yaml (the README invites users to edit the committed one; the tests' expectations
    /// must not move with it).
    /// </summary>
    public static string FixtureParams => System.IO.Path.Combine(Path, "tests/Fixtures/params.yaml");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Pipeline.sln")))
                return directory.FullName;
        }

        throw new DirectoryNotFoundException("Pipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
