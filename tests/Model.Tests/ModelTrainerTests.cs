using System.Text.Json;
using Model.Outputs;
using Model.Training;

namespace Model.Tests;

[CancelAfter(120_000)] // every async test is bounded; tests pass TestContext.CurrentContext.CancellationToken on
public sealed class ModelTrainerTests
{
    private string workspace = null!;

    [SetUp]
    public void SetUp() => workspace = Directory.CreateTempSubdirectory("model-tests-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(workspace, recursive: true);

    [Test]
    public void Should_RemoveTheStagingDirectoryOfAKilledRun_WhenTrainingAgain()
    {
        var artifacts = Path.Combine(workspace, "artifacts");
        Directory.CreateDirectory(Path.Combine(artifacts, ".staging-0123456789abcdef", "model"));

        ModelTrainer.Train(new TrainingRequest(RepositoryFiles.DataFile, RepositoryFiles.ParamsFile, artifacts), null, TestContext.CurrentContext.CancellationToken);

        Assert.That(Directory.GetDirectories(artifacts, ".staging-*"), Is.Empty);
        Assert.That(File.Exists(Path.Combine(artifacts, "model", "model.zip")), Is.True);
    }

    [Test]
    public void Should_WriteIdenticalOutputs_GivenTheSameSeedTwice()
    {
        var first = Train("first");
        var second = Train("second");

        foreach (var file in new[] { ArtifactPaths.ModelFile, ArtifactPaths.MetricsFile, ArtifactPaths.HistoryFile, ArtifactPaths.PredictionsFile })
            Assert.That(File.ReadAllBytes(Path.Combine(second.Directory, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(first.Directory, file))), file);
    }

    [Test]
    public void Should_ReportAccuracyF1LogLossAndPerClassCounts_InMetricsJson()
    {
        var (directory, result) = Train("metrics");

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, ArtifactPaths.MetricsFile)));
        var root = metrics.RootElement;
        Assert.That(root.GetProperty("accuracy").GetDouble(), Is.GreaterThan(0.85).And.LessThanOrEqualTo(1));
        Assert.That(root.GetProperty("macroF1").GetDouble(), Is.GreaterThan(0.85).And.LessThanOrEqualTo(1));
        Assert.That(root.GetProperty("logLoss").GetDouble(), Is.GreaterThan(0).And.LessThan(1));
        var classes = root.GetProperty("classes");
        Assert.That(classes.EnumerateObject().Select(c => c.Name), Is.EqualTo(new[] { "setosa", "versicolor", "virginica" }));
        var counted = classes.EnumerateObject().Sum(c => c.Value.GetProperty("testCount").GetInt32() + c.Value.GetProperty("trainCount").GetInt32());
        Assert.That(counted, Is.EqualTo(150));
        Assert.That(result.Metrics.TestRows + result.Metrics.TrainRows, Is.EqualTo(150));
        Assert.That(result.Metrics.ConfusionMatrix.Counts.Sum(row => row.Sum()), Is.EqualTo(result.Metrics.TestRows));
    }

    [Test]
    public void Should_RecordOneHistoryPointPerScheduledEpochCount()
    {
        var (directory, result) = Train("history");

        var history = JsonSerializer.Deserialize<List<HistoryPoint>>(File.ReadAllText(Path.Combine(directory, ArtifactPaths.HistoryFile)), TrainingOutputs.Json)!;
        Assert.That(history.Select(p => p.Iterations), Is.EqualTo(new[] { 3, 6, 9, 12, 15, 18, 21, 24, 27, 30 }));
        Assert.That(history[^1].TestAccuracy, Is.EqualTo(result.Metrics.Accuracy));
        var predictions = File.ReadAllLines(Path.Combine(directory, ArtifactPaths.PredictionsFile));
        Assert.That(predictions[0], Is.EqualTo("sepal_length,sepal_width,petal_length,petal_width,species,predicted,score_setosa,score_versicolor,score_virginica"));
        Assert.That(predictions, Has.Length.EqualTo(result.Metrics.TestRows + 1));
    }

    [Test]
    public void Should_ChangeTheMetrics_GivenDifferentHyperParameters()
    {
        var baseline = Train("baseline").Result.Metrics;
        var paramsFile = Path.Combine(workspace, "params.yaml");
        File.WriteAllText(paramsFile, "train:\n  seed: 42\n  test_fraction: 0.3\n  max_iterations: 1\n  history_points: 1\n  l2_regularization: 5\n");

        var changed = ModelTrainer.Train(new TrainingRequest(RepositoryFiles.DataFile, paramsFile, Path.Combine(workspace, "changed")), null, TestContext.CurrentContext.CancellationToken).Metrics;

        Assert.That(changed.LogLoss, Is.Not.EqualTo(baseline.LogLoss));
    }

    [Test]
    public void Should_NameFileAndLine_GivenMalformedParamsYaml()
    {
        var paramsFile = Path.Combine(workspace, "params.yaml");
        File.WriteAllText(paramsFile, "train:\n  seed: 42\n  test_fraction: [0.3\n");

        var error = Assert.Throws<InvalidDataException>(() => ModelTrainer.Train(new TrainingRequest(RepositoryFiles.DataFile, paramsFile, workspace), null, TestContext.CurrentContext.CancellationToken));

        Assert.That(error!.Message, Does.Contain("params.yaml(").And.Contain("Fix the YAML"));
    }

    [Test]
    public void Should_NameTheKey_GivenUnknownHyperParameter()
    {
        var paramsFile = Path.Combine(workspace, "params.yaml");
        File.WriteAllText(paramsFile, "train:\n  seed: 42\n  learning_rate: 0.1\n");

        var error = Assert.Throws<InvalidDataException>(() => ParamsFile.Read(paramsFile));

        Assert.That(error!.Message, Does.Contain("params.yaml(3,").And.Contain("learning_rate"));
    }

    [TestCase("seed: 42\n", "params.yaml(1,1): unknown section 'seed'; the file has one section, 'train:'")]
    [TestCase("train:\n  seed: forty-two\n", "params.yaml(2,9): train.seed must be a number")]
    [TestCase("train: [1, 2]\n", "params.yaml(1,8): 'train:' must hold keys like 'seed: 42'")]
    [TestCase("- seed\n", "params.yaml(1,1): expected a 'train:' section")]
    public void Should_ExplainInTheFilesTerms_NeverWithDotNetTypes_GivenAMisshapenFile(string yaml, string expected)
    {
        var paramsFile = Path.Combine(workspace, "params.yaml");
        File.WriteAllText(paramsFile, yaml);

        var error = Assert.Throws<InvalidDataException>(() => ParamsFile.Read(paramsFile));

        Assert.That(error!.Message, Does.Contain(expected).And.Not.Contain("Model.Training").And.Not.Contain("Property '"));
    }

    [Test]
    public void Should_RejectOutOfRangeValues_GivenInvalidTestFraction()
    {
        var paramsFile = Path.Combine(workspace, "params.yaml");
        File.WriteAllText(paramsFile, "train:\n  test_fraction: 1.5\n");

        var error = Assert.Throws<InvalidDataException>(() => ParamsFile.Read(paramsFile));

        Assert.That(error!.Message, Does.Contain("test_fraction must be between 0 and 1"));
    }

    [Test]
    public void Should_NameLineAndColumn_GivenANonNumericMeasurement()
    {
        var dataFile = Path.Combine(workspace, "iris.csv");
        File.WriteAllText(dataFile, "sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n4.9,abc,1.4,0.2,setosa\n");

        var error = Assert.Throws<InvalidDataException>(() => Data.IrisCsvReader.Read(dataFile));

        Assert.That(error!.Message, Does.Contain("iris.csv(3)").And.Contain("'abc' in column sepal_width"));
    }

    [Test]
    public void Should_WriteNothing_WhenCancelledBeforeTheOutputsAreWritten()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new CancelAfterFirstPoint(cancellation);
        var artifacts = Path.Combine(workspace, "cancelled");

        Assert.Throws<OperationCanceledException>(() =>
            ModelTrainer.Train(new TrainingRequest(RepositoryFiles.DataFile, RepositoryFiles.ParamsFile, artifacts), progress, cancellation.Token));

        Assert.That(Directory.Exists(artifacts) ? Directory.GetFileSystemEntries(artifacts, "*", SearchOption.AllDirectories) : [], Is.Empty);
    }

    private (string Directory, TrainingResult Result) Train(string name)
    {
        var directory = Path.Combine(workspace, name);
        var result = ModelTrainer.Train(new TrainingRequest(RepositoryFiles.DataFile, RepositoryFiles.ParamsFile, directory), null, TestContext.CurrentContext.CancellationToken);
        return (directory, result);
    }

    private sealed class CancelAfterFirstPoint(CancellationTokenSource cancellation) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => cancellation.Cancel();
    }
}
