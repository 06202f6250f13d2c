using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary><c>--train-on kubernetes</c>: the training image as a Kubernetes Job on the cluster Deploy uses.</summary>
internal sealed class KubernetesJobTraining(IClusterTrain build) : ImageTraining(build, TrainLocation.Kubernetes);
