using Pipeline.Components.Tooling;

namespace Pipeline.Components.Containers;

/// <summary>
/// The containers/storage driver for a graph root. overlay shares image layers between containers; vfs copies the
/// whole image for each one (a 1 GB image run ten times is 10 GB and a copy each time), so vfs is only for where
/// overlay cannot mount: an unprivileged job container. A graph root already in use keeps its driver (podman refuses
/// to open a storage under another one).
/// </summary>
internal static class StorageDriver
{
    public static async Task<string> ChooseAsync(string graphRoot, CancellationToken cancellationToken)
    {
        foreach (var driver in new[] { "overlay", "vfs" })
            if (Directory.Exists(Path.Combine(graphRoot, driver)))
                return driver;
        return !ContainerHost.IsInsideContainer || await OverlayMountsAsync(cancellationToken) ? "overlay" : "vfs";
    }

    /// <summary>Mounts and unmounts an empty overlay: what a privileged container (or a root shell in one) can do and a job cannot.</summary>
    private static async Task<bool> OverlayMountsAsync(CancellationToken cancellationToken)
    {
        var probe = Directory.CreateTempSubdirectory("pipeline-overlay-probe-").FullName;
        try
        {
            foreach (var part in new[] { "lower", "upper", "work", "merged" })
                Directory.CreateDirectory(Path.Combine(probe, part));
            var mount = new ToolCommand("mount", ["-t", "overlay", "overlay", "-o", "lowerdir=lower,upperdir=upper,workdir=work", "merged"], probe) { ThrowOnFailure = false };
            if ((await ProcessRunner.CaptureAsync(mount, cancellationToken)).ExitCode != 0)
                return false;
            await ProcessRunner.CaptureAsync(new ToolCommand("umount", ["merged"], probe) { ThrowOnFailure = false }, cancellationToken);
            return true;
        }
        catch (ToolNotFoundException)
        {
            return false;
        }
        finally
        {
            try
            {
                Directory.Delete(probe, recursive: true);
            }
            catch (IOException)
            {
                // still mounted: a temporary folder left behind, not a reason to fail the build
            }
        }
    }
}
