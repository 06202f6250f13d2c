using Pipeline.Components.Storage;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary>
/// The artifact store as the training pod sees it at /store: a directory (a PersistentVolumeClaim on the cluster, a
/// bind mount for a local pod; objects at <c>ab/HASH</c>) or a Cloud Storage bucket mounted by GKE's Cloud Storage
/// FUSE CSI driver (objects at <c>PREFIX/files/sha256/ab/REST</c>, the prefix mounted as the root).
/// </summary>
internal sealed record TrainingStore(string Layout, string? Directory, GcsLocation? Bucket)
{
    public static TrainingStore Of(string root, string artifactStore) =>
        GcsLocation.IsGcs(artifactStore)
            ? new TrainingStore("bucket", null, GcsLocation.Parse(artifactStore))
            : new TrainingStore("directory", Path.GetFullPath(Path.Combine(root, artifactStore)), null);
}
