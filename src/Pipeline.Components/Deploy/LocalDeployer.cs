using System.Text.Json;
using Pipeline.Build;
using Pipeline.Build.IO;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Deploy;

/// <summary>
/// The local environment: the rendered manifests run with <c>podman kube play</c> on a private port, behind a front of
/// ours on 127.0.0.1:&lt;local port&gt; (<see cref="Local.LocalFront"/>), then the same health wait, endpoint report and
/// smoke test as on a cluster. Nothing is replayed when the same manifests (same digest) already run. A new version
/// starts in the other slot beside the running one, and the front switches to it only once it is healthy, so
/// requests keep being answered; when it fails, it is explained (exit code, last log lines) and removed, and the
/// old version never stopped serving.
/// </summary>
internal static class LocalDeployer
{
    private const string AppliedFile = "applied.yaml"; // the manifests as deployed, under their own names
    private const string RunningFile = "running.yaml"; // the same in the slot that runs them, behind the front
    private static readonly string[] Records = [RunningFile, AppliedFile];

    /// <summary>What runs, for the deploy gate and Status (<see cref="Gating.DeployRecord"/>).</summary>
    public const string RecordFile = "record.json";

    /// <summary>
    /// The folder of one local environment's state: <c>deploy</c> for the build's single one, <c>deploy/&lt;name&gt;</c>
    /// for a declared environment (<see cref="IDeploy.Stages"/>), so that two can run side by side on two ports.
    /// </summary>
    public static string DirectoryOf(string stateDirectory, string? environment) =>
        environment is null ? Path.Combine(stateDirectory, "deploy") : Path.Combine(stateDirectory, "deploy", environment);

    /// <summary>
    /// Deploys; returns what happened (<see cref="DeployOutcome.Deployed"/> or <see cref="DeployOutcome.Unchanged"/>)
    /// and the endpoint. A version that runs is never taken down for one that does not: any failure leaves the
    /// previous version answering, and says so. <paramref name="environment"/> names a declared environment (its own
    /// folder and pod names), null for the build's single one.
    /// </summary>
    public static async Task<DeployResult> DeployAsync(
        ContainerTools tools, IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> rendered, DeploySettings settings, IBuildLog log, CancellationToken cancellationToken, string? environment = null)
    {
        var directory = Directory.CreateDirectory(DirectoryOf(tools.StateDirectory, environment)).FullName;
        var applied = Path.Combine(directory, AppliedFile);
        var runningFile = Path.Combine(directory, RunningFile);
        var content = ManifestRenderer.ToYaml(LocalOverlay.Apply(rendered, settings.LocalPort));
        var endpoint = new Uri($"http://127.0.0.1:{settings.LocalPort}");
        var front = new Local.LocalFront(tools.StateDirectory, settings.LocalPort);
        var http = SharedHttp.Probe;

        var previous = File.Exists(applied) ? await File.ReadAllTextAsync(applied, cancellationToken) : null;
        var running = File.Exists(runningFile) ? await File.ReadAllTextAsync(runningFile, cancellationToken) : null;
        var outcome = DeployOutcome.Deployed;
        if (previous == content && (running is null || front.IsRunning)
            && await ServiceProbe.WaitHealthyAsync(http, new Uri(endpoint, settings.HealthPath), TimeSpan.FromSeconds(2), log, cancellationToken))
        {
            outcome = DeployOutcome.Unchanged;
            log.Info("The same image and manifests already run locally: unchanged, nothing replayed.");
        }
        else
        {
            await ReplaceAsync(tools, content, previous, running, front, settings, directory, environment, log, cancellationToken);
        }

        var prediction = await ServiceProbe.SmokeAsync(http, new Uri(endpoint, settings.SmokePath), settings.SmokeBody, cancellationToken);
        log.Info($"Endpoint: {endpoint} {ServiceProbe.SmokeSummary(settings, prediction)}");
        return new DeployResult(outcome, endpoint.Authority, prediction);
    }

    /// <summary>
    /// The new version in the free slot on a private port, health-checked there, then the front switched to it, then
    /// the old slot retired. Manifests recorded before the front existed (plain names on the local port) are taken
    /// down just before the front takes that port: that one migration is the only gap.
    /// </summary>
    private static async Task ReplaceAsync(
        ContainerTools tools, string content, string? previous, string? running, Local.LocalFront front, DeploySettings settings, string directory, string? environment, IBuildLog log, CancellationToken cancellationToken)
    {
        var previousPort = previous is null ? null : LocalOverlay.HostPortOf(previous);
        var alive = previousPort is { } oldPort
                    && await ServiceProbe.WaitHealthyAsync(SharedHttp.Probe, new Uri($"http://127.0.0.1:{oldPort}{settings.HealthPath}"), TimeSpan.FromSeconds(1), log, cancellationToken);
        var keeps = alive ? $" The running version keeps answering on 127.0.0.1:{previousPort}." : "";
        var failed = alive ? DeployOutcome.RolledBack : DeployOutcome.Failed;
        var legacy = previous is not null && running is null ? previous : null;
        var legacyOnPort = legacy is not null && previousPort == settings.LocalPort;
        if (!front.IsRunning && !legacyOnPort && !LoopbackPorts.IsFree(settings.LocalPort))
            throw new DeploymentFailedException(failed,
                $"Port {settings.LocalPort} on 127.0.0.1 is in use by another process: nothing was changed.{keeps} Free the port or choose another one with --local-port.");

        var backendPort = LoopbackPorts.Free();
        var slot = (environment is null ? "" : environment + "-") + LocalOverlay.NextSlot(running); // another environment's pods keep their names
        var play = LocalOverlay.InSlot(content, slot, backendPort);
        log.Info($"podman kube play: the new version on 127.0.0.1:{backendPort} ({slot} slot){(alive ? ", beside the running one" : "")}");
        try
        {
            await PlayAsync(tools, directory, play, cancellationToken);
            var pods = LocalOverlay.PodsOf(play);
            if (!await ServiceProbe.WaitHealthyAsync(SharedHttp.Probe, new Uri($"http://127.0.0.1:{backendPort}{settings.HealthPath}"), settings.RolloutTimeout, log, cancellationToken,
                    token => CrashLoopingAsync(tools, pods, token)))
                throw new DeploymentFailedException(failed, $"The new version did not become healthy. {await DiagnoseAsync(tools, pods, cancellationToken)}");
            if (legacyOnPort)
                await DownAsync(tools, directory, legacy!);
            await front.RouteAsync(backendPort, settings.HealthPath, log, cancellationToken);
        }
        catch (Exception exception)
        {
            await DownAsync(tools, directory, play); // whatever went wrong (a failed reload, Ctrl+C), the new slot does not stay behind
            if (exception is DeploymentFailedException failure)
                throw new DeploymentFailedException(failed, failure.Message + keeps, failure);
            throw;
        }

        AtomicFile.WriteAllText(Path.Combine(directory, RunningFile), play);
        AtomicFile.WriteAllText(Path.Combine(directory, AppliedFile), content);
        foreach (var old in new[] { running, legacy }.OfType<string>())
            await DownAsync(tools, directory, old);
        if (previousPort is { } movedFrom && movedFrom != settings.LocalPort) // this environment moved to another port; other environments keep theirs
            new Local.LocalFront(tools.StateDirectory, movedFrom).Stop();
    }

    /// <summary>For --dry-run: the unified diff between what runs now and what would run, or "no change".</summary>
    public static async Task<string> DescribeChangeAsync(
        ContainerTools tools, IReadOnlyList<YamlDotNet.RepresentationModel.YamlMappingNode> rendered, DeploySettings settings, CancellationToken cancellationToken, string? environment = null)
    {
        var applied = Path.Combine(DirectoryOf(tools.StateDirectory, environment), AppliedFile);
        var current = File.Exists(applied) ? await File.ReadAllTextAsync(applied, cancellationToken) : "";
        var next = ManifestRenderer.ToYaml(LocalOverlay.Apply(rendered, settings.LocalPort));
        if (current == next)
            return "Dry run: no change; the same manifests run locally.";
        var diff = CI.UnifiedDiff.Between("local-deployment.yaml", current, next, "running", "next");
        return $"Dry run: nothing deployed. {(current.Length == 0 ? "Nothing runs locally yet; would play:" : "Would change:")}\n{diff}";
    }

    /// <summary>
    /// Stops what <see cref="DeployAsync"/> started for <paramref name="environment"/>: the version that runs and the
    /// front before it. The build's single environment (null) stops every front left without a record too.
    /// </summary>
    public static async Task<bool> UndeployAsync(ContainerTools tools, CancellationToken cancellationToken, string? environment = null)
    {
        var directory = DirectoryOf(tools.StateDirectory, environment);
        var records = Records.Select(name => Path.Combine(directory, name)).Where(File.Exists).ToList();
        var applied = Path.Combine(directory, AppliedFile);
        var frontPort = File.Exists(applied) ? LocalOverlay.HostPortOf(await File.ReadAllTextAsync(applied, cancellationToken)) : null; // applied.yaml binds the front's port
        IEnumerable<Local.LocalFront> ours = environment is null
            ? Local.LocalFront.All(tools.StateDirectory).Where(front => !ClaimedByADeclaredEnvironment(tools.StateDirectory, front.Port))
            : frontPort is { } port ? [new Local.LocalFront(tools.StateDirectory, port)] : [];
        var fronts = ours.ToList().Count(front => front.Stop());
        if (records.Count > 0) // the slot play when there is one; applied.yaml runs under its own names only when recorded before the front
            await KubeDownAsync(tools, records[0], await File.ReadAllTextAsync(records[0], cancellationToken), throwOnFailure: true, cancellationToken);
        records.ForEach(File.Delete);
        if (Directory.Exists(directory))
            File.Delete(Path.Combine(directory, RecordFile)); // nothing runs: no champion
        return records.Count > 0 || fronts > 0;
    }

    /// <summary>Whether a declared environment's record (deploy/&lt;name&gt;/applied.yaml) names this front's port.</summary>
    private static bool ClaimedByADeclaredEnvironment(string stateDirectory, int port) =>
        Directory.Exists(DirectoryOf(stateDirectory, null))
        && Directory.GetDirectories(DirectoryOf(stateDirectory, null)).Select(folder => Path.Combine(folder, AppliedFile)).Where(File.Exists)
            .Any(applied => LocalOverlay.HostPortOf(File.ReadAllText(applied)) == port);

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
        await KubeDownAsync(tools, down, content, throwOnFailure: false, CancellationToken.None);
    }

    /// <summary>
    /// <c>podman kube down</c> of <paramref name="file"/> (holding <paramref name="content"/>), its pods stopped first
    /// (SIGTERM, then what --time allows): on running pods kube down takes podman's "pod rm -f" path, 3.3 s against
    /// 0.25 s for the stop and then the same kube down (podman 4.3, measured here). Pods of either naming (podman 4
    /// adds "-0") are named; a missing one is no error.
    /// </summary>
    private static async Task KubeDownAsync(ContainerTools tools, string file, string content, bool throwOnFailure, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> pods;
        try
        {
            pods = LocalOverlay.PodsOf(content);
        }
        catch (Exception exception) when (exception is YamlDotNet.Core.YamlException or InvalidCastException or KeyNotFoundException)
        {
            pods = []; // a record cut short or not ours: kube down says what it can
        }

        if (pods.Count > 0)
            await Tooling.ProcessRunner.RunAsync(tools.Log, tools.Command("podman", ["pod", "stop", "--ignore", .. pods.SelectMany(pod => new[] { pod, pod + "-0" })], tools.StateDirectory) with { Quiet = true, ThrowOnFailure = false }, cancellationToken);
        await Tooling.ProcessRunner.RunAsync(tools.Log, tools.Command("podman", ["kube", "down", file], tools.StateDirectory) with { Quiet = true, ThrowOnFailure = throwOnFailure }, cancellationToken);
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
