using System.Text.Json;
using Pipeline.Build;
using Pipeline.Build.IO;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Deploy;

/// <summary>
/// The local environment: the rendered manifests run with <c>podman kube play --replace</c>, bound to 127.0.0.1,
/// then the same health wait, endpoint report and smoke test as on a cluster. Nothing is replayed when the same
/// manifests (same digest) already run. On failure it explains (exit code, last log lines) and plays the previous
/// manifests again.
/// </summary>
internal static class LocalDeployer
{
    /// <summary>
    /// Deploys; returns what happened (<see cref="DeployOutcome.Deployed"/> or <see cref="DeployOutcome.Unchanged"/>)
    /// and the endpoint. A version that runs is never taken down for one that does not: the new one is first
    /// started beside it on a spare port and health-checked, and only then does it replace the old one; any failure
    /// leaves (or puts back) the previous version answering, and says so.
    /// </summary>
    public static async Task<DeployResult> DeployAsync(
        ContainerTools tools, IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> rendered, DeploySettings settings, IBuildLog log, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(Path.Combine(tools.StateDirectory, "deploy")).FullName;
        var applied = Path.Combine(directory, "applied.yaml");
        var content = ManifestRenderer.ToYaml(LocalOverlay.Apply(rendered, settings.LocalPort));
        var endpoint = new Uri($"http://127.0.0.1:{settings.LocalPort}");
        var http = SharedHttp.Probe;

        var previous = File.Exists(applied) ? await File.ReadAllTextAsync(applied, cancellationToken) : null;
        var previousPort = previous is null ? null : LocalOverlay.HostPortOf(previous);
        var outcome = DeployOutcome.Deployed;
        if (previous == content && await ServiceProbe.WaitHealthyAsync(http, new Uri(endpoint, settings.HealthPath), TimeSpan.FromSeconds(2), log, cancellationToken))
        {
            outcome = DeployOutcome.Unchanged;
            log.Info("The same image and manifests already run locally: unchanged, nothing replayed.");
        }
        else
        {
            var running = previous is not null && previousPort is { } oldPort
                          && await ServiceProbe.WaitHealthyAsync(http, new Uri($"http://127.0.0.1:{oldPort}{settings.HealthPath}"), TimeSpan.FromSeconds(1), log, cancellationToken);
            var keeps = running ? $" The running version keeps answering on 127.0.0.1:{previousPort}." : "";
            if (previousPort != settings.LocalPort && !LoopbackPorts.IsFree(settings.LocalPort))
                throw new DeploymentFailedException(running ? DeployOutcome.RolledBack : DeployOutcome.Failed,
                    $"Port {settings.LocalPort} on 127.0.0.1 is in use by another process: nothing was changed.{keeps} Free the port or choose another one with --local-port.");
            if (running)
                await TryBesideAsync(tools, content, settings, directory, log, keeps, cancellationToken);

            log.Info($"podman kube play --replace (127.0.0.1:{settings.LocalPort} -> container)");
            await PlayAsync(tools, directory, content, cancellationToken);
            if (!await ServiceProbe.WaitHealthyAsync(http, new Uri(endpoint, settings.HealthPath), settings.RolloutTimeout, log, cancellationToken,
                    token => CrashLoopingAsync(tools, LocalOverlay.PodsOf(content), token)))
            {
                var diagnosis = await DiagnoseAsync(tools, LocalOverlay.PodsOf(content), cancellationToken);
                if (previous is null)
                    throw new DeploymentFailedException(DeployOutcome.Failed, $"The local deployment did not become healthy. {diagnosis}");
                await RestoreAsync(tools, directory, content, previous, settings, log, cancellationToken);
                throw new DeploymentFailedException(DeployOutcome.RolledBack, $"The local deployment did not become healthy. {diagnosis} Rolled back to the previous deployment, which answers again.");
            }

            AtomicFile.WriteAllText(applied, content);
        }

        var prediction = await ServiceProbe.SmokeAsync(http, new Uri(endpoint, settings.SmokePath), settings.SmokeBody, cancellationToken);
        log.Info($"Endpoint: {endpoint} (POST {settings.SmokePath}); smoke test answered {prediction}");
        return new DeployResult(outcome, endpoint.Authority, prediction);
    }

    /// <summary>The new version under other names on a spare port, health-checked, then removed; throws (the old one untouched) when it is not healthy.</summary>
    private static async Task TryBesideAsync(ContainerTools tools, string content, DeploySettings settings, string directory, IBuildLog log, string keeps, CancellationToken cancellationToken)
    {
        var port = LoopbackPorts.Free();
        var candidate = LocalOverlay.Candidate(content, port);
        log.Info($"Trying the new version beside the running one (127.0.0.1:{port})");
        try
        {
            await PlayAsync(tools, directory, candidate, cancellationToken);
        }
        catch (DeploymentFailedException exception)
        {
            await DownAsync(tools, directory, candidate);
            throw new DeploymentFailedException(DeployOutcome.RolledBack, exception.Message + keeps, exception);
        }

        try
        {
            var pods = LocalOverlay.PodsOf(candidate);
            if (!await ServiceProbe.WaitHealthyAsync(SharedHttp.Probe, new Uri($"http://127.0.0.1:{port}{settings.HealthPath}"), settings.RolloutTimeout, log, cancellationToken,
                    token => CrashLoopingAsync(tools, pods, token)))
            {
                var diagnosis = await DiagnoseAsync(tools, pods, cancellationToken);
                throw new DeploymentFailedException(DeployOutcome.RolledBack, $"The new version did not become healthy. {diagnosis}{keeps}");
            }
        }
        finally
        {
            await DownAsync(tools, directory, candidate);
        }
    }

    /// <summary>Takes the failed new version down and plays the previous one again, waiting until it answers.</summary>
    private static async Task RestoreAsync(ContainerTools tools, string directory, string failed, string previous, DeploySettings settings, IBuildLog log, CancellationToken cancellationToken)
    {
        await DownAsync(tools, directory, failed);
        await PlayAsync(tools, directory, previous, cancellationToken);
        var port = LocalOverlay.HostPortOf(previous) ?? settings.LocalPort;
        if (!await ServiceProbe.WaitHealthyAsync(SharedHttp.Probe, new Uri($"http://127.0.0.1:{port}{settings.HealthPath}"), settings.RolloutTimeout, log, cancellationToken))
            log.Warn($"The previous deployment was played again but does not answer on 127.0.0.1:{port} yet.");
    }

    /// <summary>For --dry-run: the unified diff between what runs now and what would run, or "no change".</summary>
    public static async Task<string> DescribeChangeAsync(ContainerTools tools, IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> rendered, DeploySettings settings, CancellationToken cancellationToken)
    {
        var applied = Path.Combine(tools.StateDirectory, "deploy", "applied.yaml");
        var current = File.Exists(applied) ? await File.ReadAllTextAsync(applied, cancellationToken) : "";
        var next = ManifestRenderer.ToYaml(LocalOverlay.Apply(rendered, settings.LocalPort));
        if (current == next)
            return "Dry run: no change; the same manifests run locally.";
        var diff = await CI.UnifiedDiff.BetweenAsync("local-deployment.yaml", current, next, cancellationToken, "running", "next");
        return $"Dry run: nothing deployed. {(current.Length == 0 ? "Nothing runs locally yet; would play:" : "Would change:")}\n{diff}";
    }

    /// <summary>Stops what <see cref="DeployAsync"/> started.</summary>
    public static async Task<bool> UndeployAsync(ContainerTools tools, CancellationToken cancellationToken)
    {
        var applied = Path.Combine(tools.StateDirectory, "deploy", "applied.yaml");
        if (!File.Exists(applied))
            return false;
        await tools.RunAsync("podman", ["kube", "down", applied], tools.StateDirectory, cancellationToken, quiet: true);
        File.Delete(applied);
        return true;
    }

    private static async Task PlayAsync(ContainerTools tools, string directory, string content, CancellationToken cancellationToken)
    {
        var play = Path.Combine(directory, "play.yaml");
        await File.WriteAllTextAsync(play, content, cancellationToken);
        try
        {
            await tools.RunAsync("podman", ["kube", "play", "--replace", play], tools.StateDirectory, cancellationToken, quiet: true);
        }
        catch (Tooling.ToolFailedException exception) when (exception.StandardError.Contains("pull", StringComparison.OrdinalIgnoreCase) || exception.StandardError.Contains("manifest unknown", StringComparison.OrdinalIgnoreCase))
        {
            throw new DeploymentFailedException(DeployOutcome.Failed, $"ImagePullBackOff: the image could not be pulled ({exception.Message}). Run ./build.sh Push, and check that the registry is running.");
        }
        catch (Tooling.ToolFailedException exception)
        {
            throw new DeploymentFailedException(DeployOutcome.Failed, $"podman could not start the deployment: {exception.Message}");
        }
    }

    /// <summary>Whether a container of these pods has restarted twice already: waiting out the rollout timeout cannot help.</summary>
    private static async Task<bool> CrashLoopingAsync(ContainerTools tools, IReadOnlyList<string> pods, CancellationToken cancellationToken)
    {
        var names = await tools.RunAsync("podman", ["ps", "-a", "--format", "{{.Names}}"], tools.StateDirectory, cancellationToken, quiet: true);
        foreach (var name in names.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(name => IsOurs(name, pods)))
        {
            if (await RestartsAsync(tools, name, cancellationToken) >= 2)
                return true;
        }

        return false;
    }

    /// <summary>podman names a pod's containers &lt;pod&gt;-&lt;n&gt;-&lt;container&gt;.</summary>
    private static bool IsOurs(string container, IReadOnlyList<string> pods) => pods.Any(pod => container.StartsWith(pod + "-", StringComparison.Ordinal));

    private static async Task<int> RestartsAsync(ContainerTools tools, string container, CancellationToken cancellationToken) =>
        int.TryParse(await tools.RunAsync("podman", ["inspect", "--format", "{{.RestartCount}}", container], tools.StateDirectory, cancellationToken, quiet: true),
            System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 0;

    /// <summary>What explains a crash: the first exception line with what follows it, else the last lines (a stack trace's tail says little).</summary>
    private static async Task<string> LogsAsync(ContainerTools tools, string container, CancellationToken cancellationToken)
    {
        var result = await Tooling.ProcessRunner.RunAsync(tools.Log, tools.Command("podman", ["logs", "--tail", "300", container], tools.StateDirectory) with { Quiet = true, ThrowOnFailure = false }, cancellationToken);
        var lines = (result.StandardOutput + "\n" + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var first = Array.FindIndex(lines, line => line.Contains("Unhandled exception", StringComparison.Ordinal) || line.Contains("Exception: ", StringComparison.Ordinal));
        return string.Join('\n', first >= 0 ? lines.Skip(first).Take(4) : lines.TakeLast(15));
    }

    private static async Task DownAsync(ContainerTools tools, string directory, string content)
    {
        var down = Path.Combine(directory, "down.yaml");
        await File.WriteAllTextAsync(down, content, CancellationToken.None);
        await Tooling.ProcessRunner.RunAsync(tools.Log, tools.Command("podman", ["kube", "down", down], tools.StateDirectory) with { Quiet = true, ThrowOnFailure = false }, CancellationToken.None);
    }

    /// <summary>Why the pods are not healthy: each container's state, exit code and last log lines.</summary>
    private static async Task<string> DiagnoseAsync(ContainerTools tools, IReadOnlyList<string> pods, CancellationToken cancellationToken)
    {
        // every container, then ours by name: podman 4.3 ignores a negated label filter ("!=sandbox") and returns nothing
        var states = await tools.RunAsync("podman", ["ps", "-a", "--format", "json"], tools.StateDirectory, cancellationToken, quiet: true);
        var details = new List<string>();
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(states) ? "[]" : states);
        foreach (var container in document.RootElement.EnumerateArray())
        {
            var name = container.GetProperty("Names")[0].GetString()!;
            if (!IsOurs(name, pods))
                continue;
            if ((container.TryGetProperty("IsInfra", out var infra) && infra.ValueKind == JsonValueKind.True) || name.EndsWith("-infra", StringComparison.Ordinal))
                continue;
            var state = container.GetProperty("State").GetString();
            var exitCode = container.TryGetProperty("ExitCode", out var code) ? code.GetInt32() : 0;
            var restarts = await RestartsAsync(tools, name, cancellationToken);
            var logs = await LogsAsync(tools, name, cancellationToken);
            details.Add(state == "exited" || restarts > 0
                ? $"CrashLoopBackOff: container {name} {(restarts > 0 ? $"restarted {restarts} time(s)" : $"exited with code {exitCode}")}; its log:\n{logs}"
                : $"Container {name} is {state} but does not answer its health endpoint; last log lines:\n{logs}");
        }

        return details.Count > 0 ? string.Join("\n", details) : "No container of the pod is running (see podman pod ps).";
    }
}
