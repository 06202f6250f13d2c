using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>The GitOps controllers whose status Deploy can wait for.</summary>
internal enum GitOpsController
{
    /// <summary>Argo CD: an <c>Application</c> (argoproj.io/v1alpha1).</summary>
    ArgoCd,

    /// <summary>Flux: a <c>Kustomization</c> (kustomize.toolkit.fluxcd.io/v1).</summary>
    Flux,
}
