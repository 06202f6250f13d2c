using System.Globalization;
using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>
/// The local registry: Debian's docker-registry bound to a loopback address, its configuration, data, log and pid
/// per address under the state directory, started when first needed and left running between builds
/// (StopRegistry stops it). Only a process we started is ever used as ours or stopped: the pid is checked
/// against the process's own command line, and a foreign service on the port is refused, not adopted.
/// </summary>
internal static class LocalRegistry
{
    /// <summary>Starts the registry unless ours already answers; waits up to 15 s for it.</summary>
    public static async Task EnsureRunningAsync(ContainerTools tools, string registry, IBuildLog log, CancellationToken cancellationToken)
    {
        var state = new RegistryState(tools.StateDirectory, registry);
        var client = new RegistryClient(SharedHttp.LocalRegistry, registry);
        var ours = state.RunningProcessId();
        if (await client.IsUpAsync(cancellationToken))
        {
            if (ours is not null)
                return;
            throw new RegistryException(
                $"Something answers on http://{registry}/v2/ that this checkout did not start (no docker-registry of ours with {state.Config}). " +
                $"Stop it, or give the build another port: --registry {RegistryHost.HostOf(registry)}:{NextPort(registry)}.");
        }

        Directory.CreateDirectory(state.Data);
        await File.WriteAllTextAsync(state.Config, $"""
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: {state.Data}
              delete:
                enabled: true
            http:
              addr: {registry}
            """, cancellationToken);
        log.Info($"Starting the local registry on {registry} (data in {state.Directory}; ./build.sh StopRegistry stops it)");
        // exec: the pid is the registry's
        await Tooling.OwnedProcess.StartDetachedAsync(log, $"exec docker-registry serve '{state.Config}' >> '{state.Log}' 2>&1 & echo $! > '{state.PidFile}'", state.Directory, cancellationToken);
        for (var attempt = 0; attempt < 75; attempt++)
        {
            if (await client.IsUpAsync(cancellationToken))
                return;
            await Task.Delay(200, cancellationToken);
        }

        throw new RegistryException($"The local registry did not answer on http://{registry}/v2/ within 15 s; see {state.Log} (is the port taken?).");
    }

    /// <summary>Stops every registry this checkout started (and only those); false when none was running.</summary>
    public static bool Stop(ContainerTools tools)
    {
        var stopped = false;
        foreach (var state in RegistryState.All(tools.StateDirectory))
        {
            if (state.RunningProcessId() is { } pid)
                stopped |= Tooling.OwnedProcess.Kill(pid);

            File.Delete(state.PidFile);
        }

        return stopped;
    }

    /// <summary>The log of the registry on that address (every blob HEAD/PUT: pushed bytes can be measured from it).</summary>
    public static string LogFile(ContainerTools tools, string registry) => new RegistryState(tools.StateDirectory, registry).Log;

    /// <summary>Where the registry on that address keeps its blobs.</summary>
    public static string DataDirectory(ContainerTools tools, string registry) => new RegistryState(tools.StateDirectory, registry).Data;

    private static int NextPort(string registry) =>
        int.TryParse(registry[(registry.LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port < 65_535 ? port + 1 : 5001;

    /// <summary>Where one address's registry keeps its files.</summary>
    private sealed class RegistryState(string stateDirectory, string registry)
    {
        public string Directory { get; } = Path.Combine(stateDirectory, "registry", registry.Replace(':', '_').Replace('[', '_').Replace(']', '_'));
        public string Config => Path.Combine(Directory, "config.yml");
        public string Data => Path.Combine(Directory, "data");
        public string Log => Path.Combine(Directory, "registry.log");
        public string PidFile => Path.Combine(Directory, "registry.pid");

        public static IEnumerable<RegistryState> All(string stateDirectory)
        {
            var root = Path.Combine(stateDirectory, "registry");
            return System.IO.Directory.Exists(root)
                ? System.IO.Directory.GetDirectories(root).Select(directory => new RegistryState(stateDirectory, Path.GetFileName(directory)))
                : [];
        }

        /// <summary>The pid in the pid file, if that process is a docker-registry serving our configuration.</summary>
        public int? RunningProcessId() =>
            Tooling.OwnedProcess.Find(PidFile, arguments => arguments.Length > 2 && Path.GetFileName(arguments[0]) == "docker-registry" && arguments.Contains(Config));
    }
}
