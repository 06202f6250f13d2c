using Pipeline.Components.Deploy;
using Pipeline.Components.Storage;

namespace Pipeline.Components.Train;

/// <summary>
/// Train that can run elsewhere when it is out of date (<c>--train-on kubernetes|local-pod</c>): the training image
/// (daemonless, pushed, pinned by digest) runs <see cref="TrainSettings.Command"/> as a Kubernetes Job on the
/// cluster Deploy uses, or as a podman pod; inputs and outputs travel through the artifact store, so the build then
/// records <c>pipeline.lock</c> as a local Train would. Implement it instead of <see cref="ITrain"/>.
/// </summary>
public interface IClusterTrain : ITrain, IKubernetesDeploy, IArtifactStorage
{
    /// <summary>Override to set resources, node selection, workers or the image.</summary>
    ClusterTrainSettings ConfigureClusterTrain(ClusterTrainSettings settings) => settings;

    /// <summary>Runs Train's command in the training image, on the cluster or as a local pod.</summary>
    Task ITrain.TrainElsewhereAsync(TrainLocation location, TrainSettings settings, CancellationToken cancellationToken) =>
        Training.ClusterTraining.RunAsync(this, location, settings, ConfigureClusterTrain(new ClusterTrainSettings()), cancellationToken);
}
