using Pipeline.Components.Kubernetes;

/// <summary>The cluster back-ends: --environment kubernetes (server-side apply) and --environment gitops (Argo CD, Flux).</summary>
partial class Build : IKubernetesDeploy;
