using Pipeline.Build;

namespace Pipeline.Components.Containers;

/// <summary>
/// The local registry: Debian's docker-registry bound to 127.0.0.1, its data under the state directory, started
/// when first needed and left running between builds (StopRegistry stops it).
/// </summary>
internal static class LocalRegistry
{
    /// <summary>Starts the registry unless <c>GET /v2/</c> already answers; waits up to 15 s for it.</summary>
    public static async Task EnsureRunningAsync(ContainerTools tools, string registry, IBuildLog log, CancellationToken cancellationToken)
    {
        var http = SharedHttp.LocalRegistry;
        var client = new RegistryClient(http, registry);
        if (await client.IsUpAsync(cancellationToken))
            return;
        var directory = Path.Combine(tools.StateDirectory, "registry");
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
              delete:
                enabled: true
            http:
              addr: {registry}
            """, cancellationToken);
        log.Info($"Starting the local registry on {registry} (data in {directory}; ./build.sh StopRegistry stops it)");
        // detached from this process group so it outlives the build, as a daemon would
        await Tooling.ProcessRunner.RunAsync(log, new Tooling.ToolCommand("setsid",
            ["--fork", "sh", "-c", $"exec docker-registry serve '{config}' >> '{Path.Combine(directory, "registry.log")}' 2>&1 & echo $! > '{Path.Combine(directory, "registry.pid")}'"], directory) { Quiet = true }, cancellationToken);
        for (var attempt = 0; attempt < 75; attempt++)
        {
            if (await client.IsUpAsync(cancellationToken))
                return;
            await Task.Delay(200, cancellationToken);
        }

        throw new RegistryException($"The local registry did not answer on http://{registry}/v2/ within 15 s; see {Path.Combine(directory, "registry.log")} (is the port taken?).");
    }

    /// <summary>Stops the registry started by <see cref="EnsureRunningAsync"/>, if any.</summary>
    public static bool Stop(ContainerTools tools)
    {
        var pidFile = Path.Combine(tools.StateDirectory, "registry", "registry.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            return false;
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
            // already gone
        }

        File.Delete(pidFile);
        return true;
    }
}
