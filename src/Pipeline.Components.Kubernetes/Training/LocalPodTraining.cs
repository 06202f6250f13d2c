using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary><c>--train-on local-pod</c>: the same training image and hand-off as on a cluster, as a podman pod here.</summary>
internal sealed class LocalPodTraining(IClusterTrain build) : ImageTraining(build, TrainLocation.LocalPod);
