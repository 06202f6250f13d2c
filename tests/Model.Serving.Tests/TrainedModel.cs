using Model.Training;

namespace Model.Serving.Tests;

/// <summary>One model trained from the repository's data for every serving test (under a second).</summary>
[SetUpFixture]
public sealed class TrainedModel
{
    private static string? workspace;

    public static string Directory => Path.Combine(workspace ?? throw new InvalidOperationException("not trained yet"), "model");

    [OneTimeSetUp]
    public void Train()
    {
        workspace = System.IO.Directory.CreateTempSubdirectory("serving-tests-").FullName;
        var root = FindRoot();
        new ModelTrainer().Train(new TrainingRequest(Path.Combine(root, "data/iris.csv"), Path.Combine(root, "params.yaml"), workspace), null, CancellationToken.None);
    }

    [OneTimeTearDown]
    public void Delete()
    {
        if (workspace is not null)
            System.IO.Directory.Delete(workspace, recursive: true);
    }

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
