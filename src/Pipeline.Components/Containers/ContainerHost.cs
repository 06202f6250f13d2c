namespace Pipeline.Components.Containers;

/// <summary>
/// Whether the build runs inside a container (a GitLab docker-executor job, a dev container): there buildah must
/// work unprivileged, so it uses chroot isolation, the job's network and, where overlay cannot mount, the vfs storage
/// driver (<see cref="StorageDriver"/>).
/// </summary>
internal static class ContainerHost
{
    /// <summary>podman writes /run/.containerenv and sets <c>container</c>; Docker writes /.dockerenv.</summary>
    public static bool IsInsideContainer { get; } =
        File.Exists("/run/.containerenv") || File.Exists("/.dockerenv") || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("container"));
}
