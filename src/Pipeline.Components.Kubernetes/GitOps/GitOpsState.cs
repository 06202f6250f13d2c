using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>Where a controller stands with one commit.</summary>
internal enum GitOpsState
{
    /// <summary>Not there yet: not fetched, syncing, or progressing.</summary>
    Pending,

    /// <summary>Applied and healthy.</summary>
    Applied,

    /// <summary>Applied (or attempted) and failing.</summary>
    Failed,
}
