using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>Where an applied object stands (kstatus: Current, InProgress, Failed).</summary>
internal enum HealthState
{
    /// <summary>Reconciled and ready (or a kind without status: ready once applied).</summary>
    Ready,

    /// <summary>Its controller is still working on it.</summary>
    InProgress,

    /// <summary>Its controller says it will not get there (a failed Job, a stalled object, a rollout past its deadline).</summary>
    Failed,
}
