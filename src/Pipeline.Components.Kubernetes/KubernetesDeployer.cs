using System.Text.Json.Nodes;
using k8s;
using Pipeline.Build;
using Pipeline.Components.Kubernetes.Apply;
using YamlDotNet.RepresentationModel;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes;

/// <summary>
/// Deploys rendered manifests of any kind to a cluster through its API, as <c>kubectl apply --server-side --prune
/// --applyset</c> and <c>kubectl rollout status</c> would: each object's resource found by API discovery, server-side
/// applied in dependency order (namespaces and CRDs first, workloads after their configuration), then waited for by its
/// kind's health rule (<see cref="ObjectHealth"/>). Failures are explained (pod reasons, events, conditions), failed
/// Deployments rolled back, and objects removed from the folder pruned once the new set is healthy, only among the
/// members of this pipeline's ApplySet. When the cluster runs exactly what was rendered, nothing is written.
/// </summary>
internal sealed class KubernetesDeployer(IKubernetes client, IBuildLog log, TimeSpan pollInterval)
{
    /// <summary>The field manager of our server-side applies.</summary>
    public const string FieldManager = ObjectClient.FieldManager;

    private readonly ObjectClient objects = new(client);
    private readonly ApiDiscovery discovery = new(client as k8s.Kubernetes ?? throw new ArgumentException("Deploy needs a KubernetesClient Kubernetes client (for API discovery).", nameof(client)));

    /// <summary>The deploy record the ApplySet parent of <paramref name="settings"/> carries: what the cluster runs; null when none.</summary>
    public async Task<string?> ReadRecordAsync(DeploySettings settings, CancellationToken cancellationToken)
    {
        var parentResource = (await discovery.FindAsync("", "v1", "Secret", cancellationToken))!;
        return ApplySet.RecordOf(await objects.ReadAsync(parentResource, ApplySet.ParentName(settings), settings.Namespace, cancellationToken));
    }

    /// <summary>Deploys; returns <see cref="DeployOutcome.Unchanged"/> or <see cref="DeployOutcome.Deployed"/> and the endpoint (host or IP of the load balancer, if any).</summary>
    public async Task<DeployResult> DeployAsync(IReadOnlyList<YamlMappingNode> rendered, DeploySettings settings, CancellationToken cancellationToken, bool rollback = true, string? record = null)
    {
        var set = await PlanAsync(rendered, settings, cancellationToken);
        var parentResource = (await discovery.FindAsync("", "v1", "Secret", cancellationToken))!;
        var liveParent = await objects.ReadAsync(parentResource, set.ParentName, settings.Namespace, cancellationToken);
        if (ApplySet.ToolingOf(liveParent) is { } tooling && tooling != ApplySet.Tooling)
            throw new ClusterException($"The Secret {settings.Namespace}/{set.ParentName} is the ApplySet of another tool ({tooling}); set DeploySettings.ApplySetName to a name of Pipeline's own.");

        var hash = ApplySet.HashOf(set.Objects.Select(o => o.Object));
        if (ApplySet.AppliedHashOf(liveParent) == hash && await AllReadyAsync(set, settings, cancellationToken))
        {
            log.Info($"The cluster runs exactly these {set.Objects.Count} objects, all ready: unchanged, nothing applied.");
            return new DeployResult(DeployOutcome.Unchanged, await EndpointAsync(set, settings, cancellationToken));
        }

        var previousKinds = ApplySet.GroupKindsOf(liveParent);
        var previous = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var planned in set.Objects.Where(o => o.Object.Kind == "Deployment" && o.Resource is not null))
        {
            if (await objects.ReadAsync(planned.Resource!, planned.Object.Name, planned.Namespace, cancellationToken) is { } live)
                previous[planned.Object.Name] = live;
        }

        // the parent lists the union first, so an interrupted run still knows every kind it may have to prune
        await objects.ApplyAsync(parentResource, set.ParentName, settings.Namespace,
            ApplySet.Parent(set.ParentName, settings.Namespace, previousKinds.Concat(set.Objects.Select(o => o.Object.GroupKind)), "", ApplySet.RecordOf(liveParent)), dryRun: false, cancellationToken);
        var applied = new List<PlannedObject>();
        foreach (var planned in set.Objects)
            applied.Add(await ApplyAsync(planned, settings, cancellationToken));

        await WaitAsync([.. applied.Where(a => a.Object.Kind != "CustomResourceDefinition")], previous, settings, rollback, cancellationToken); // CRDs were waited for when applied
        if (settings.Prune)
            await PruneAsync(set, previousKinds, settings, dryRun: false, cancellationToken);
        await objects.ApplyAsync(parentResource, set.ParentName, settings.Namespace,
            ApplySet.Parent(set.ParentName, settings.Namespace, settings.Prune ? set.Objects.Select(o => o.Object.GroupKind) : previousKinds.Concat(set.Objects.Select(o => o.Object.GroupKind)), hash, record ?? ApplySet.RecordOf(liveParent)),
            dryRun: false, cancellationToken);
        return new DeployResult(DeployOutcome.Deployed, await EndpointAsync(set, settings, cancellationToken));
    }

    /// <summary>Server-side dry run of every apply, the unified diff of each object against the live one, and what would be pruned.</summary>
    public async Task<string> DryRunAsync(IReadOnlyList<YamlMappingNode> rendered, DeploySettings settings, CancellationToken cancellationToken)
    {
        var set = await PlanAsync(rendered, settings, cancellationToken);
        var report = new System.Text.StringBuilder();
        foreach (var planned in set.Objects)
        {
            var where = Where(planned);
            if (planned.Resource is null)
            {
                report.AppendLine($"{where}: would be created once its CustomResourceDefinition (in this folder) is established; not validated by the server.");
                continue;
            }

            var live = await objects.ReadAsync(planned.Resource, planned.Object.Name, planned.Namespace, cancellationToken);
            var dry = await objects.ApplyAsync(planned.Resource, planned.Object.Name, planned.Namespace, planned.Object.Body, dryRun: true, cancellationToken);
            var before = live is null ? "" : SortedYaml.Serialize(Comparable(live));
            var after = SortedYaml.Serialize(Comparable(dry));
            report.AppendLine(before == after
                ? $"{where}: no change (validated by the server)."
                : $"{where}: {(before.Length == 0 ? "would be created" : "would change")} (validated by the server):\n"
                  + CI.UnifiedDiff.Between($"{planned.Object.Kind.ToLowerInvariant()}-{planned.Object.Name}.yaml", before, after, "live", "applied"));
        }

        var parentResource = (await discovery.FindAsync("", "v1", "Secret", cancellationToken))!;
        var liveParent = await objects.ReadAsync(parentResource, set.ParentName, settings.Namespace, cancellationToken);
        var pruned = await PruneAsync(set, ApplySet.GroupKindsOf(liveParent), settings, dryRun: true, cancellationToken);
        report.AppendLine(!settings.Prune ? "Pruning is off (DeploySettings.Prune = false): nothing removed from the folder would be deleted."
            : pruned.Count == 0 ? "Nothing to prune."
            : $"Would prune (removed from {settings.ManifestsDirectory}/, applied by this pipeline before):\n" + string.Join("\n", pruned.Select(p => "  " + p)));
        return report.ToString().TrimEnd();
    }

    /// <summary>Why a Deployment another controller rolls out (Argo CD, Flux) is not available, as <see cref="DeployAsync"/> explains its own.</summary>
    public async Task<string> DiagnoseAsync(string deploymentName, DeploySettings settings, CancellationToken cancellationToken)
    {
        var resource = await discovery.FindAsync("apps", "v1", "Deployment", cancellationToken);
        return resource is not null && await objects.ReadAsync(resource, deploymentName, settings.Namespace, cancellationToken) is { } live
            ? await new WorkloadDiagnosis(client).ExplainAsync(live, settings.Namespace, cancellationToken)
            : $"The Deployment {deploymentName} does not exist in namespace {settings.Namespace}.";
    }

    /// <summary>Every rendered object with its resource (discovered), its namespace (none when cluster-scoped) and the ApplySet membership label.</summary>
    private async Task<PlannedSet> PlanAsync(IReadOnlyList<YamlMappingNode> rendered, DeploySettings settings, CancellationToken cancellationToken)
    {
        var parentName = ApplySet.ParentName(settings);
        var id = ApplySet.Id(parentName, settings.Namespace);
        var all = ApplyOrder.Sort(rendered.Select(document => ClusterObject.From(YamlJson.ToJson(document)!.AsObject())));
        var definedHere = all.Where(o => o.Kind == "CustomResourceDefinition")
            .Select(o => GroupKinds.Of(o.Body["spec"]?["names"]?["kind"]?.GetValue<string>() ?? "", o.Body["spec"]?["group"]?.GetValue<string>() ?? ""))
            .ToHashSet(StringComparer.Ordinal);
        var planned = new List<PlannedObject>();
        foreach (var item in all)
        {
            ApplySet.Mark(item.Body, id);
            var resource = await discovery.FindAsync(item.Group, item.Version, item.Kind, cancellationToken);
            if (resource is null && !definedHere.Contains(item.GroupKind))
                throw new ManifestException(
                    $"The cluster does not serve {item.ApiVersion} {item.Kind} ({item.Kind} {item.Name} in {settings.ManifestsDirectory}/): install its CustomResourceDefinition first (for InferenceService, KServe), put the CRD in {settings.ManifestsDirectory}/, or check the apiVersion.");
            var namespaced = resource?.Namespaced ?? !ManifestRenderer.ClusterScopedKinds.Contains(item.Kind);
            if (!namespaced)
                item.Body["metadata"]!.AsObject().Remove("namespace");
            planned.Add(new PlannedObject(item, resource, namespaced ? settings.Namespace : null));
        }

        return new PlannedSet(parentName, id, planned);
    }

    private async Task<PlannedObject> ApplyAsync(PlannedObject planned, DeploySettings settings, CancellationToken cancellationToken)
    {
        var resource = planned.Resource
            ?? await discovery.FindAsync(planned.Object.Group, planned.Object.Version, planned.Object.Kind, cancellationToken)
            ?? throw new ClusterException($"{planned.Object.Kind} {planned.Object.Name}: the cluster does not serve {planned.Object.ApiVersion} although its CustomResourceDefinition was applied and established.");
        await objects.ApplyAsync(resource, planned.Object.Name, planned.Namespace, planned.Object.Body, dryRun: false, cancellationToken);
        log.Info($"Applied {Where(planned)} (server-side apply, field manager '{FieldManager}')");
        if (planned.Object.Kind == "CustomResourceDefinition")
        {
            await WaitAsync([planned with { Resource = resource }], new Dictionary<string, JsonObject>(), settings, rollback: false, cancellationToken);
            discovery.Forget(planned.Object.Body["spec"]?["group"]?.GetValue<string>() ?? "");
        }

        return planned with { Resource = resource };
    }

    private async Task<bool> AllReadyAsync(PlannedSet set, DeploySettings settings, CancellationToken cancellationToken)
    {
        foreach (var planned in set.Objects)
        {
            if (planned.Resource is null || await objects.ReadAsync(planned.Resource, planned.Object.Name, planned.Namespace, cancellationToken) is not { } live
                || ObjectHealth.Of(live).State != HealthState.Ready)
                return false;
        }

        return true;
    }

    /// <summary>Polls every applied object until its kind's rule says ready; a failure or the deadline is diagnosed, and failed Deployments rolled back.</summary>
    private async Task WaitAsync(IReadOnlyList<PlannedObject> applied, IReadOnlyDictionary<string, JsonObject> previous, DeploySettings settings, bool rollback, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + settings.RolloutTimeout;
        var pending = applied.ToList();
        var said = new Dictionary<PlannedObject, string>();
        while (true)
        {
            var failures = new List<(PlannedObject Planned, JsonObject Live, ObjectHealth Health)>();
            foreach (var planned in pending.ToList())
            {
                var live = await objects.ReadAsync(planned.Resource!, planned.Object.Name, planned.Namespace, cancellationToken)
                    ?? throw new ClusterException($"{Where(planned)} disappeared right after it was applied (deleted by another controller or tool?).");
                var health = ObjectHealth.Of(live);
                if (health.State == HealthState.Ready)
                {
                    log.Info($"{Where(planned)} ready: {health.Message}.");
                    pending.Remove(planned);
                }
                else if (health.State == HealthState.Failed || DateTime.UtcNow >= deadline)
                {
                    failures.Add((planned, live, health));
                }
                else if (!said.TryGetValue(planned, out var before) || before != health.Message)
                {
                    log.Info($"Waiting for {Where(planned)}: {health.Message}");
                    said[planned] = health.Message;
                }
            }

            if (failures.Count > 0)
                await FailAsync(failures, previous, settings, rollback, cancellationToken);
            if (pending.Count == 0)
                return;
            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    private async Task FailAsync(List<(PlannedObject Planned, JsonObject Live, ObjectHealth Health)> failures, IReadOnlyDictionary<string, JsonObject> previous, DeploySettings settings, bool rollback, CancellationToken cancellationToken)
    {
        var diagnosis = new WorkloadDiagnosis(client);
        var messages = new List<string>();
        foreach (var (planned, live, health) in failures)
        {
            var verb = planned.Object.Kind is "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" ? "did not roll out" : "did not become ready";
            var what = health.State == HealthState.Failed ? $"{Where(planned)} failed: {health.Message}." : $"{planned.Object.Kind} {planned.Object.Name} {verb} within {(int)settings.RolloutTimeout.TotalSeconds} s ({health.Message}).";
            messages.Add($"{what} {await diagnosis.ExplainAsync(live, planned.Namespace ?? settings.Namespace, cancellationToken)}");
        }

        var rolledBack = new List<string>();
        if (rollback)
        {
            foreach (var (planned, _, _) in failures.Where(f => f.Planned.Object.Kind == "Deployment"))
            {
                if (previous.TryGetValue(planned.Object.Name, out var before))
                    rolledBack.Add(await RollBackAsync(planned, before, cancellationToken));
            }
        }

        var message = string.Join("\n", messages);
        if (rolledBack.Count > 0)
            throw new DeploymentFailedException(DeployOutcome.RolledBack, $"{message}\n{string.Join("\n", rolledBack)} (--no-rollback keeps the failed version).");
        throw new DeploymentFailedException(DeployOutcome.Failed, message);
    }

    /// <summary>Applies the Deployment again with the images and revision it ran before.</summary>
    private async Task<string> RollBackAsync(PlannedObject planned, JsonObject before, CancellationToken cancellationToken)
    {
        var body = planned.Object.Body.DeepClone().AsObject();
        var template = body["spec"]!["template"]!;
        var oldContainers = before["spec"]?["template"]?["spec"]?["containers"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        foreach (var container in template["spec"]!["containers"]!.AsArray().OfType<JsonObject>())
        {
            if (oldContainers.FirstOrDefault(c => c["name"]?.GetValue<string>() == container["name"]?.GetValue<string>()) is { } old)
                container["image"] = old["image"]!.GetValue<string>();
        }

        if (before["spec"]?["template"]?["metadata"]?["annotations"]?["pipeline/revision"]?.GetValue<string>() is { } revision)
            template["metadata"]!["annotations"]!["pipeline/revision"] = revision;
        await objects.ApplyAsync(planned.Resource!, planned.Object.Name, planned.Namespace, body, dryRun: false, cancellationToken);
        log.Warn($"Rolled back Deployment {planned.Namespace}/{planned.Object.Name}.");
        return $"Rolled back Deployment {planned.Object.Name} to {string.Join(", ", oldContainers.Select(c => c["image"]?.GetValue<string>()))}";
    }

    /// <summary>Deletes (or, for a dry run, lists) the members of this ApplySet that are no longer rendered; returns them.</summary>
    private async Task<IReadOnlyList<string>> PruneAsync(PlannedSet set, IReadOnlyList<string> previousKinds, DeploySettings settings, bool dryRun, CancellationToken cancellationToken)
    {
        var current = set.Objects.Select(o => (o.Object.GroupKind, o.Namespace, o.Object.Name)).ToHashSet();
        var pruned = new List<string>();
        foreach (var groupKind in previousKinds.Concat(set.Objects.Select(o => o.Object.GroupKind)).Distinct(StringComparer.Ordinal))
        {
            var (kind, group) = GroupKinds.Parse(groupKind);
            if (await discovery.FindPreferredAsync(group, kind, cancellationToken) is not { } resource)
                continue; // its CRD is gone, and with it every object of the kind
            var ns = resource.Namespaced ? settings.Namespace : null;
            foreach (var member in await objects.ListAsync(resource, ns, $"{ApplySet.PartOfLabel}={set.Id}", cancellationToken))
            {
                var name = member["metadata"]!["name"]!.GetValue<string>();
                if (current.Contains((groupKind, ns, name)))
                    continue;
                var where = ns is null ? $"{kind} {name}" : $"{kind} {ns}/{name}";
                pruned.Add(where);
                if (dryRun)
                    continue;
                await objects.DeleteAsync(resource, name, ns, cancellationToken);
                log.Info($"Pruned {where}: no longer in {settings.ManifestsDirectory}/ (DeploySettings.Prune = false keeps such objects).");
            }
        }

        return pruned;
    }

    private async Task<string?> EndpointAsync(PlannedSet set, DeploySettings settings, CancellationToken cancellationToken)
    {
        if (set.Objects.FirstOrDefault(o => o.Object.Kind == "Service" && o.Object.Group.Length == 0) is not { Resource: { } resource } service)
            return null;
        var deadline = DateTime.UtcNow + settings.RolloutTimeout;
        while (true)
        {
            var live = await objects.ReadAsync(resource, service.Object.Name, service.Namespace, cancellationToken)
                ?? throw new ClusterException($"The Service {service.Object.Name} disappeared right after it was applied.");
            var type = live["spec"]?["type"]?.GetValue<string>() ?? "ClusterIP"; // the API's default when the manifest names none
            if (type != "LoadBalancer")
                return $"{service.Object.Name}.{settings.Namespace}.svc (type {type})";
            var ingress = live["status"]?["loadBalancer"]?["ingress"]?.AsArray().FirstOrDefault();
            if ((ingress?["ip"] ?? ingress?["hostname"])?.GetValue<string>() is { } address)
                return live["spec"]?["ports"]?.AsArray().FirstOrDefault()?["port"]?.GetValue<int>() is { } port and not 80 ? $"{address}:{port}" : address;
            if (DateTime.UtcNow >= deadline)
                throw new ClusterException($"The Service {service.Object.Name} has no external IP after {(int)settings.RolloutTimeout.TotalSeconds} s (the load balancer is still being provisioned); the Deployment is up — check again with kubectl get service.");
            log.Info($"Waiting for the load balancer of Service {service.Object.Name}...");
            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    /// <summary>What a diff compares: the spec when the object has one, else everything but metadata and status (ConfigMap data, RBAC rules).</summary>
    private static JsonNode Comparable(JsonObject live) =>
        live["spec"] is { } spec ? spec.DeepClone() : new JsonObject(live.Where(p => p.Key is not ("metadata" or "status" or "apiVersion" or "kind")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    private static string Where(PlannedObject planned) =>
        planned.Namespace is null ? $"{planned.Object.Kind} {planned.Object.Name}" : $"{planned.Object.Kind} {planned.Namespace}/{planned.Object.Name}";

    private sealed record PlannedObject(ClusterObject Object, ApiResource? Resource, string? Namespace);

    private sealed record PlannedSet(string ParentName, string Id, IReadOnlyList<PlannedObject> Objects);
}
