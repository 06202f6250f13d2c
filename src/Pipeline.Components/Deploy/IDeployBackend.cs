namespace Pipeline.Components.Deploy;

/// <summary>
/// A place Deploy, Promote and Status reach: it deploys the rendered manifests and reads back the record of what runs
/// there. <c>local</c> is built in; a component adds one by putting <see cref="DeployBackendAttribute{TBackend}"/> on
/// its interface, and <c>--environment &lt;name&gt;</c> (or a declared environment's <c>Environment</c>) selects it.
/// The back-end is constructed with the build (its one constructor parameter: the component interface or
/// <see cref="IDeploy"/>), so it reads its own parameters and settings from there.
/// </summary>
public interface IDeployBackend
{
    /// <summary>The name <c>--environment</c> selects it by.</summary>
    DeployEnvironment Environment { get; }

    /// <summary>
    /// Deploys <see cref="DeployRequest.Manifests"/> and leaves <see cref="DeployRequest.Record"/> where they run (the
    /// gate reads it back as the next champion); for a dry run, shows the change and returns null.
    /// </summary>
    Task<DeployResult?> DeployAsync(DeployRequest request, CancellationToken cancellationToken);

    /// <summary>The record the last deploy to <paramref name="target"/> left; null when nothing is recorded there.</summary>
    Task<Gating.DeployRecord?> ReadRecordAsync(DeployTarget target, CancellationToken cancellationToken);

    /// <summary>Where a deploy to <paramref name="target"/> went, for Deploy's last line, such as " to namespace prod"; empty says nothing more.</summary>
    string Describe(DeployTarget target) => "";
}
