using Model.Training;
using Pipeline.Tests.Shared;

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
        var root = RepositoryRoot.Path;
        ModelTrainer.Train(new TrainingRequest(Path.Combine(root, "data/iris.csv"), RepositoryRoot.FixtureParams, workspace), null, TestContext.CurrentContext.CancellationToken);
    }

    [OneTimeTearDown]
    public void Delete()
    {
        if (workspace is not null)
            System.IO.Directory.Delete(workspace, recursive: true);
    }
}
