using Pipeline.Components.Containers;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Deploy;

/// <summary>Deploy's local path: podman on 127.0.0.1 with the container tools of this checkout.</summary>
internal static class LocalDeployment
{
    /// <summary>Returns null for a dry run.</summary>
    public static async Task<DeployResult?> RunAsync(IDeploy build, IReadOnlyList<YamlMappingNode> rendered, CancellationToken cancellationToken)
    {
        var tools = await ContainerTools.ForAsync(build.RootDirectory, build.ContainerSettings, build.Log, cancellationToken);
        // a local deploy runs the image with podman, which ContainerTools leaves out inside a job container (there it only builds);
        // there recommends are not installed, so podman's network backend and pause binary are named
        await Tooling.DebianPackages.EnsureAsync(build.Log, [("podman", "podman"), ("runc", "runc"), ("netavark", "/usr/lib/podman/netavark"), ("containernetworking-plugins", "/usr/lib/cni/bridge"), ("catatonit", "catatonit")], cancellationToken);
        if (!build.DryRun)
            return await LocalDeployer.DeployAsync(tools, rendered, build.DeploySettings, build.Log, cancellationToken);
        build.Log.Info(await LocalDeployer.DescribeChangeAsync(tools, rendered, build.DeploySettings, cancellationToken));
        return null;
    }
}
