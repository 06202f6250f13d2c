using Model.Outputs;
using Model.Training;
using Pipeline.Build;
using Pipeline.Components.Train;

partial class Build
{
    /// <summary>Train also re-runs when the training code changes.</summary>
    TrainSettings ITrain.ConfigureTrain(TrainSettings settings) => settings with
    {
        ExtraInputs = ["src/Model/**/*.cs", "src/Model/Model.csproj"],
    };

    /// <summary>Trains src/Model in-process: no second process, progress in the build log.</summary>
    Task ITrain.TrainAsync(TrainSettings settings, CancellationToken cancellationToken) => Task.Run(() =>
    {
        var request = new TrainingRequest(RootDirectory / settings.DataDirectory / "iris.csv", RootDirectory / settings.ParamsFile, RootDirectory / settings.ArtifactsDirectory);
        var progress = new SynchronousProgress(point => Log.Progress("Training history", point.Done, point.Total));
        try
        {
            var metrics = ModelTrainer.Train(request, progress, cancellationToken).Metrics;
            Log.Info($"accuracy {metrics.Accuracy:0.0000}, macro F1 {metrics.MacroF1:0.0000}, log-loss {metrics.LogLoss:0.0000} on {metrics.TestRows} test rows; wrote {settings.ArtifactsDirectory}/{ArtifactPaths.MetricsFile}");
        }
        catch (Exception exception) when (exception is InvalidDataException or FileNotFoundException)
        {
            throw new TargetFailedException(exception.Message);
        }
    }, cancellationToken);

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SynchronousProgress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
