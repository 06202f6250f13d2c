namespace Pipeline.Components.Deploy;

/// <summary>The built-in back-end: podman on 127.0.0.1 (<see cref="LocalDeployment"/>).</summary>
internal sealed class LocalBackend(IDeploy build) : IDeployBackend
{
    public DeployEnvironment Environment => DeployEnvironment.Local;

    public Task<DeployResult?> DeployAsync(DeployRequest request, CancellationToken cancellationToken) => LocalDeployment.RunAsync(build, request, cancellationToken);

    public Task<Gating.DeployRecord?> ReadRecordAsync(DeployTarget target, CancellationToken cancellationToken) => LocalDeployment.ReadRecordAsync(build, target.Name, cancellationToken);
}
