namespace Pipeline.Components.Deploy;

/// <summary>Where Deploy deploys.</summary>
public enum DeployEnvironment
{
    /// <summary>podman kube play on this machine, bound to 127.0.0.1.</summary>
    Local,

    /// <summary>A Kubernetes cluster through its API (server-side apply).</summary>
    Kubernetes,

    /// <summary>A commit of the rendered manifests to a configuration repository that Argo CD or Flux applies; the build never talks to the cluster.</summary>
    Gitops,
}
