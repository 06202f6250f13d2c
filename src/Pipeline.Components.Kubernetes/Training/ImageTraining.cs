using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary>Train's command in the training image, at <see cref="Location"/> (<see cref="ClusterTraining"/>).</summary>
internal abstract class ImageTraining(IClusterTrain build, TrainLocation location) : ITrainBackend
{
    public TrainLocation Location => location;

    public Task TrainAsync(TrainSettings settings, CancellationToken cancellationToken) =>
        ClusterTraining.RunAsync(build, location, settings, build.ConfigureClusterTrain(new ClusterTrainSettings()), cancellationToken);
}
