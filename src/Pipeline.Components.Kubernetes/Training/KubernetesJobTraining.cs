namespace Pipeline.Components.Train.Training;

/// <summary><c>--train-on kubernetes</c>: the training image as a Kubernetes Job on the cluster Deploy uses.</summary>
internal sealed class KubernetesJobTraining(IClusterTrain build) : ITrainBackend
{
    public TrainLocation Location => TrainLocation.Kubernetes;

    public Task TrainAsync(TrainSettings settings, CancellationToken cancellationToken) =>
        ClusterTraining.RunAsync(build, Location, settings, build.ConfigureClusterTrain(new ClusterTrainSettings()), cancellationToken);
}
