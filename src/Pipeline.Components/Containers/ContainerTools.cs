using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>
/// buildah, podman and the registry, pointed at configuration files of ours under the state directory
/// (without them podman and buildah silently use the machine-wide store) — see shared/ENVIRONMENT.md.
/// </summary>
public sealed class ContainerTools
{
    private readonly IBuildLog log;

    private ContainerTools(string stateDirectory, IBuildLog log)
    {
        StateDirectory = stateDirectory;
        this.log = log;
    }

    /// <summary>The absolute state directory.</summary>
    public string StateDirectory { get; }

    /// <summary>Environment variables that point the tools at our configuration.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["CONTAINERS_CONF"] = Path.Combine(StateDirectory, "containers.conf"),
        ["CONTAINERS_STORAGE_CONF"] = Path.Combine(StateDirectory, "storage.conf"),
        ["CONTAINERS_REGISTRIES_CONF"] = Path.Combine(StateDirectory, "registries.conf"),
        ["BUILDAH_ISOLATION"] = ContainerHost.IsInsideContainer ? "chroot" : null,
    };

    /// <summary>Arguments of <c>buildah bud</c> for where it runs: inside a container, RUN steps share the job's network (creating one needs privileges a job lacks).</summary>
    public static IReadOnlyList<string> BuildIsolationArguments => ContainerHost.IsInsideContainer ? ["--network", "host"] : [];

    /// <summary>
    /// What to install: on a machine, buildah, skopeo, the local registry and <see cref="ContainerRuntime"/>; inside an
    /// unprivileged job container only buildah (with the network helper it starts with), skopeo (it copies a composed
    /// image into storage: <see cref="ServingImage"/>) and the registry if it is the local one, never podman (a local
    /// deploy there adds the runtime itself).
    /// </summary>
    internal static IReadOnlyList<(string Package, string Probe)> Packages(bool insideContainer, bool localRegistry) => insideContainer
        ? [("buildah", "buildah"), ("skopeo", "skopeo"), ("netavark", "/usr/lib/podman/netavark"), .. localRegistry ? new[] { ("docker-registry", "docker-registry") } : []]
        : [("buildah", "buildah"), ("skopeo", "skopeo"), ("docker-registry", "docker-registry"), .. ContainerRuntime.Packages];

    /// <summary>Installs what is missing (Debian, as root) and writes the configuration files; quiet when all is there.</summary>
    public static async Task<ContainerTools> PrepareAsync(string stateDirectory, string registry, IBuildLog log, CancellationToken cancellationToken)
    {
        await Tooling.DebianPackages.EnsureAsync(log, Packages(ContainerHost.IsInsideContainer, RegistryHost.IsLoopback(registry)), cancellationToken);
        var directory = Path.GetFullPath(stateDirectory);
        Directory.CreateDirectory(Path.Combine(directory, "network"));
        WriteIfChanged(Path.Combine(directory, "containers.conf"), $"""
            [containers]
            default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
            [engine]
            runtime = "runc"
            [network]
            network_config_dir = "{Path.Combine(directory, "network")}"
            """);
        WriteIfChanged(Path.Combine(directory, "storage.conf"), $"""
            [storage]
            driver = "{await StorageDriver.ChooseAsync(Path.Combine(directory, "storage"), cancellationToken)}"
            graphroot = "{Path.Combine(directory, "storage")}"
            runroot = "{Path.Combine(directory, "run")}"
            """);
        WriteIfChanged(Path.Combine(directory, "registries.conf"), RegistriesConf(registry));
        return new ContainerTools(directory, log);
    }

    /// <summary>registries.conf: plain HTTP only for a loopback registry; every other one is TLS with its certificate verified.</summary>
    internal static string RegistriesConf(string registry) => RegistryHost.IsLoopback(registry)
        ? $"""
          unqualified-search-registries = []
          [[registry]]
          location = "{registry}"
          insecure = true
          """
        : "unqualified-search-registries = []";

    /// <summary>
    /// The <c>--cert-dir</c> arguments that make buildah and podman trust <paramref name="caFile"/> for the registry
    /// (containers' certs.d layout: a directory holding <c>ca.crt</c>); none without a CA.
    /// </summary>
    public IReadOnlyList<string> CertificateArguments(string registry, string? caFile)
    {
        if (caFile is null)
            return [];
        if (!File.Exists(caFile))
            throw new RegistryException($"--registry-ca {caFile} does not exist: give the PEM file of the CA that signed {registry}'s certificate.");
        var directory = Directory.CreateDirectory(Path.Combine(StateDirectory, "certs.d", registry.Replace(':', '_'))).FullName;
        File.Copy(caFile, Path.Combine(directory, "ca.crt"), overwrite: true);
        return ["--cert-dir", directory];
    }

    /// <summary>Prepares the tools for <paramref name="settings"/> and, when it is the local registry, makes sure it runs.</summary>
    public static async Task<ContainerTools> ForAsync(AbsolutePath rootDirectory, ContainerSettings settings, IBuildLog log, CancellationToken cancellationToken)
    {
        var tools = await PrepareAsync(rootDirectory / settings.StateDirectory, settings.Registry, log, cancellationToken);
        if (settings.IsLocalRegistry)
            await LocalRegistry.EnsureRunningAsync(tools, settings.Registry, log, cancellationToken);
        return tools;
    }

    /// <summary>The tools over an existing state directory, without installing or writing anything.</summary>
    public static ContainerTools Existing(string stateDirectory, IBuildLog log) => new(Path.GetFullPath(stateDirectory), log);

    /// <summary>Removes working containers, unmounts the storage (containers/storage bind-mounts its overlay folder) and deletes the state directory.</summary>
    public async Task DeleteStateAsync()
    {
        await Tooling.ProcessRunner.RunAsync(log, Command("buildah", ["rm", "--all"], StateDirectory) with { Quiet = true, ThrowOnFailure = false }, CancellationToken.None);
        await Tooling.ProcessRunner.RunAsync(log, Command("umount", ["-R", "-l", Path.Combine(StateDirectory, "storage", "overlay")], "/") with { Quiet = true, ThrowOnFailure = false }, CancellationToken.None);
        if (Directory.Exists(StateDirectory))
            Directory.Delete(StateDirectory, recursive: true);
    }

    /// <summary>Runs a tool with our configuration; its output goes to the log unless quiet; returns its standard output.</summary>
    public async Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken, bool quiet = false) =>
        (await Tooling.ProcessRunner.RunAsync(log, Command(tool, arguments, workingDirectory) with { Quiet = quiet }, cancellationToken)).StandardOutput;

    /// <summary>A command for a tool with our configuration, for callers that need more (exit code, standard input).</summary>
    public Tooling.ToolCommand Command(string tool, IReadOnlyList<string> arguments, string workingDirectory) =>
        new(tool, arguments, workingDirectory) { Environment = Environment };

    /// <summary>The log the tools write to.</summary>
    public IBuildLog Log => log;

    private static void WriteIfChanged(string path, string content)
    {
        if (!File.Exists(path) || File.ReadAllText(path) != content + "\n")
            Pipeline.Build.IO.AtomicFile.WriteAllText(path, content + "\n");
    }
}
