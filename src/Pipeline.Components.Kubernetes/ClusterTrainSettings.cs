using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes;

/// <summary>How Train runs on a cluster or as a local pod (<c>--train-on</c>). Change it in <see cref="IClusterTrain.ConfigureClusterTrain"/>.</summary>
public sealed record ClusterTrainSettings
{
    /// <summary>The training image's Containerfile (start it with <c>ARG BASE_IMAGE</c> / <c>FROM ${BASE_IMAGE}</c> to build on the offline Python base); null: a generated one on that base.</summary>
    public string? Containerfile { get; init; }

    /// <summary>A training image already built and pushed (pinned by digest); null: build and push one from <see cref="Containerfile"/>.</summary>
    public string? Image { get; init; }

    /// <summary>CPU request and limit.</summary>
    public string Cpu { get; init; } = "1";

    /// <summary>Memory request and limit.</summary>
    public string Memory { get; init; } = "2Gi";

    /// <summary>GPUs (nvidia.com/gpu) per worker.</summary>
    public int Gpus { get; init; }

    /// <summary>Workers: more than one makes an Indexed Job (JOB_COMPLETION_INDEX 0 publishes the outputs).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Node labels the pods must match.</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    /// <summary>Taints the pods tolerate, as <c>key=value:Effect</c> or <c>key:Effect</c>.</summary>
    public IReadOnlyList<string> Tolerations { get; init; } = [];

    /// <summary>The pods' service account (e.g. one with workload identity for the store's bucket).</summary>
    public string? ServiceAccount { get; init; }

    /// <summary>The PersistentVolumeClaim holding the artifact store directory on the cluster (mounted at /store); the hand-off needs it.</summary>
    public string? StoreClaim { get; init; }

    /// <summary>How long the Job may take, pending included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromHours(2);
}
