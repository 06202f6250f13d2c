using Pipeline.Components.Deploy;
using Pipeline.Components.Storage;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes;

/// <summary>
/// Train that can run elsewhere when it is out of date (<c>--train-on kubernetes|local-pod</c>): the training image
/// (daemonless, pushed, pinned by digest) runs <see cref="TrainSettings.Command"/> as a Kubernetes Job on the
/// cluster Deploy uses, or as a podman pod; inputs and outputs travel through the artifact store, so the build then
/// records <c>pipeline.lock</c> as a local Train would. It brings the train back-ends <c>kubernetes</c> and <c>local-pod</c>.
/// </summary>
[TrainBackend<Training.KubernetesJobTraining>]
[TrainBackend<Training.LocalPodTraining>]
public interface IClusterTrain : ITrain, IKubernetesDeploy, IArtifactStorage
{
    /// <summary>Override to set resources, node selection, workers or the image.</summary>
    ClusterTrainSettings ConfigureClusterTrain(ClusterTrainSettings settings) => settings;
}
