using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>
/// podman with what it needs to run containers: the local deploy and the tests' job containers. Named one by one,
/// since inside a container packages are installed without their recommends (network backend, pause binary).
/// </summary>
public static class ContainerRuntime
{
    /// <summary>The packages, each with what shows it is installed.</summary>
    internal static IReadOnlyList<(string Package, string Probe)> Packages { get; } =
    [
        ("podman", "podman"), ("runc", "runc"), ("netavark", "/usr/lib/podman/netavark"), ("aardvark-dns", "/usr/lib/podman/aardvark-dns"),
        ("containernetworking-plugins", "/usr/lib/cni/bridge"), ("catatonit", "catatonit"),
    ];

    /// <summary>Installs what is missing (Debian, as root or with passwordless sudo); quiet when all is there.</summary>
    public static Task EnsureAsync(IBuildLog log, CancellationToken cancellationToken) => Tooling.DebianPackages.EnsureAsync(log, Packages, cancellationToken);
}
