using k8s.Models;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary>
/// The batch/v1 Job of a remote Train: the training image pinned by digest, the hand-off shell around the command,
/// resources, node selection, tolerations and service account from <see cref="ClusterTrainSettings"/>, the store
/// mounted at /store (a claim, or a bucket through Cloud Storage FUSE), and the hand-off key as a label (Indexed for several workers; never retried: a failed
/// training is explained, not repeated).
/// </summary>
internal static class TrainingJob
{
    public const string KeyLabel = "pipeline.dev/train-inputs";

    public static V1Job Create(TrainingImageReference image, TrainSettings train, ClusterTrainSettings settings, TrainingStore store, TrainingHandOff handOff, string ns)
    {
        var key = handOff.Key;
        var name = $"train-{key[..12]}";
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "pipeline", ["app.kubernetes.io/component"] = "train", [KeyLabel] = key[..63] };
        var limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(settings.Cpu), ["memory"] = new(settings.Memory) };
        if (settings.Gpus > 0)
            limits["nvidia.com/gpu"] = new(settings.Gpus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var volumes = new List<V1Volume>
        {
            new() { Name = "work", EmptyDir = new V1EmptyDirVolumeSource() },
            store.Bucket is { } bucket
                ? new V1Volume
                {
                    Name = "store",
                    Csi = new V1CSIVolumeSource
                    {
                        Driver = "gcsfuse.csi.storage.gke.io",
                        VolumeAttributes = new Dictionary<string, string> { ["bucketName"] = bucket.Bucket, ["mountOptions"] = "implicit-dirs" + (bucket.Prefix.Length > 0 ? $",only-dir={bucket.Prefix.TrimEnd('/')}" : "") },
                    },
                }
                : new V1Volume { Name = "store", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = settings.StoreClaim } },
        };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                Completions = settings.Workers,
                Parallelism = settings.Workers,
                CompletionMode = settings.Workers > 1 ? "Indexed" : null,
                ActiveDeadlineSeconds = (long)settings.Timeout.TotalSeconds,
                TtlSecondsAfterFinished = 3600,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = labels,
                        Annotations = store.Bucket is null ? null : new Dictionary<string, string> { ["gke-gcsfuse/volumes"] = "true" },
                    },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ServiceAccountName = settings.ServiceAccount,
                        NodeSelector = settings.NodeSelector.Count == 0 ? null : settings.NodeSelector.ToDictionary(),
                        Tolerations = settings.Tolerations.Count == 0 ? null : [.. settings.Tolerations.Select(Toleration)],
                        Volumes = volumes,
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "train",
                                Image = image.Reference,
                                Command = [image.Shell, "-c", HandOffScript.Text, "handoff", .. train.Command],
                                WorkingDir = "/work",
                                Env = Environment(handOff, train, image.Shell, store).Select(pair => new V1EnvVar { Name = pair.Key, Value = pair.Value }).ToList(),
                                Resources = new V1ResourceRequirements { Limits = limits, Requests = limits },
                                VolumeMounts = [new V1VolumeMount { MountPath = "/work", Name = "work" }, new V1VolumeMount { MountPath = "/store", Name = "store" }],
                            },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>What the hand-off shell reads, the same for a Job and a local pod.</summary>
    public static IReadOnlyDictionary<string, string> Environment(TrainingHandOff handOff, TrainSettings train, string shell, TrainingStore store) => new Dictionary<string, string>
    {
        ["PIPELINE_SHELL"] = shell,
        ["PIPELINE_INPUTS"] = handOff.InputsObject,
        ["PIPELINE_STORE_LAYOUT"] = store.Layout,
        ["PIPELINE_OUTPUTS"] = string.Join(' ', train.Outputs),
        ["PIPELINE_STORE"] = "/store",
        ["PIPELINE_WORKDIR"] = "/work",
    };

    /// <summary><c>key=value:Effect</c>, <c>key:Effect</c> (Exists) or <c>key=value</c> (any effect).</summary>
    private static V1Toleration Toleration(string text)
    {
        var (selector, effect) = text.Split(':', 2) is [var left, var right] ? (left, right) : (text, null);
        return selector.Split('=', 2) is [var key, var value]
            ? new V1Toleration { Key = key, OperatorProperty = "Equal", Value = value, Effect = effect }
            : new V1Toleration { Key = selector, OperatorProperty = "Exists", Effect = effect };
    }
}
