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
    /// <summary>Deploys; returns what happened (<see cref="DeployOutcome.Deployed"/> or <see cref="DeployOutcome.Unchanged"/>) and the endpoint.</summary>
    public static async Task<DeployResult> DeployAsync(
        ContainerTools tools, IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> rendered, DeploySettings settings, IBuildLog log, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(Path.Combine(tools.StateDirectory, "deploy")).FullName;
        var applied = Path.Combine(directory, "applied.yaml");
        var play = Path.Combine(directory, "play.yaml");
        var content = ManifestRenderer.ToYaml(LocalOverlay.Apply(rendered, settings.LocalPort));
        var endpoint = new Uri($"http://127.0.0.1:{settings.LocalPort}");
        var http = SharedHttp.Probe;

        var previous = File.Exists(applied) ? await File.ReadAllTextAsync(applied, cancellationToken) : null;
        var outcome = DeployOutcome.Deployed;
        if (previous == content && await ServiceProbe.WaitHealthyAsync(http, new Uri(endpoint, settings.HealthPath), TimeSpan.FromSeconds(2), log, cancellationToken))
        {
            outcome = DeployOutcome.Unchanged;
            log.Info("The same image and manifests already run locally: unchanged, nothing replayed.");
        }
        else
        {
            await File.WriteAllTextAsync(play, content, cancellationToken);
            log.Info($"podman kube play --replace (127.0.0.1:{settings.LocalPort} -> container)");
            await PlayAsync(tools, play, cancellationToken);
            if (!await ServiceProbe.WaitHealthyAsync(http, new Uri(endpoint, settings.HealthPath), settings.RolloutTimeout, log, cancellationToken))
            {
                var diagnosis = await DiagnoseAsync(tools, cancellationToken);
                if (previous is null)
                    throw new DeploymentFailedException(DeployOutcome.Failed, $"The local deployment did not become healthy within {settings.RolloutTimeout.TotalSeconds:0} s. {diagnosis}");
                await File.WriteAllTextAsync(play, previous, cancellationToken);
                await PlayAsync(tools, play, cancellationToken);
                throw new DeploymentFailedException(DeployOutcome.RolledBack, $"The local deployment did not become healthy within {settings.RolloutTimeout.TotalSeconds:0} s. {diagnosis} Rolled back to the previous deployment.");
            }

            AtomicFile.WriteAllText(applied, content);
        }

        var prediction = await ServiceProbe.SmokeAsync(http, new Uri(endpoint, settings.SmokePath), settings.SmokeBody, cancellationToken);
        log.Info($"Endpoint: {endpoint} (POST {settings.SmokePath}); smoke test answered {prediction}");
        return new DeployResult(outcome, endpoint.Authority, prediction);
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

    private static async Task PlayAsync(ContainerTools tools, string play, CancellationToken cancellationToken)
    {
        try
        {
            await tools.RunAsync("podman", ["kube", "play", "--replace", play], tools.StateDirectory, cancellationToken, quiet: true);
        }
        catch (Tooling.ToolFailedException exception) when (exception.StandardError.Contains("pull", StringComparison.OrdinalIgnoreCase) || exception.StandardError.Contains("manifest unknown", StringComparison.OrdinalIgnoreCase))
        {
            throw new DeploymentFailedException(DeployOutcome.Failed, $"ImagePullBackOff: the image could not be pulled ({exception.Message}). Run ./build.sh Push, and check that the registry is running.");
        }
    }

    /// <summary>Why the pod is not healthy: each container's state, exit code and last log lines.</summary>
    private static async Task<string> DiagnoseAsync(ContainerTools tools, CancellationToken cancellationToken)
    {
        var states = await tools.RunAsync("podman", ["ps", "-a", "--filter", "label=io.kubernetes.cri.container-type!=sandbox", "--format", "json"], tools.StateDirectory, cancellationToken, quiet: true);
        var details = new List<string>();
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(states) ? "[]" : states);
        foreach (var container in document.RootElement.EnumerateArray())
        {
            var name = container.GetProperty("Names")[0].GetString()!;
            if (name.EndsWith("-infra", StringComparison.Ordinal))
                continue;
            var state = container.GetProperty("State").GetString();
            var exitCode = container.TryGetProperty("ExitCode", out var code) ? code.GetInt32() : 0;
            var logs = await tools.RunAsync("podman", ["logs", "--tail", "15", name], tools.StateDirectory, cancellationToken, quiet: true);
            details.Add(state == "exited"
                ? $"CrashLoopBackOff: container {name} exited with code {exitCode}; last log lines:\n{logs}"
                : $"Container {name} is {state} but {name} does not answer its health endpoint; last log lines:\n{logs}");
        }

        return details.Count > 0 ? string.Join("\n", details) : "No container of the pod is running (see podman pod ps).";
    }
}
