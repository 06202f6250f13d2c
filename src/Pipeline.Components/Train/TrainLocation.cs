namespace Pipeline.Components.Train;

/// <summary>Where Train runs when it is out of date.</summary>
public enum TrainLocation
{
    /// <summary>Where the build runs (in-process or the command).</summary>
    Local,

    /// <summary>A Kubernetes Job (an Indexed Job for several workers) on the cluster Deploy uses.</summary>
    Kubernetes,

    /// <summary>The same training image and hand-off as on a cluster, as a pod of the local container runtime (podman).</summary>
    LocalPod,
}
