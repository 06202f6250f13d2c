using k8s;
using k8s.Autorest;
using k8s.Models;
using Pipeline.Build;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Components.Deploy;

/// <summary>
/// Deploys rendered manifests to a cluster through its API: server-side apply (application/apply-patch+yaml, our
/// field manager), rollout wait on observedGeneration and available replicas, failures explained from pod status and
/// events (Pending with the scheduler's message, ImagePullBackOff, CrashLoopBackOff with the last log lines), and the
/// Service's load-balancer endpoint. When every Deployment already runs this image and revision, nothing is written.
/// </summary>
internal sealed class KubernetesDeployer(IKubernetes client, IBuildLog log, TimeSpan pollInterval)
{
    /// <summary>The field manager of our server-side applies.</summary>
    public const string FieldManager = "pipeline";

    /// <summary>Deploys; returns <see cref="DeployOutcome.Unchanged"/> or <see cref="DeployOutcome.Deployed"/> and the endpoint (host or IP of the load balancer, if any).</summary>
    public async Task<DeployResult> DeployAsync(IReadOnlyList<YamlMappingNode> rendered, DeploySettings settings, CancellationToken cancellationToken, bool rollback = true)
    {
        try
        {
            var deployments = rendered.Where(d => ManifestRenderer.Scalar(d, "kind") == "Deployment").ToList();
            var previous = new Dictionary<string, V1Deployment>();
            foreach (var deployment in deployments)
            {
                if (await ReadOrNullAsync(Name(deployment), settings, cancellationToken) is { } live)
                    previous[Name(deployment)] = live;
            }

            if (deployments.Count > 0 && deployments.All(d => previous.TryGetValue(Name(d), out var live) && IsSame(d, live)))
            {
                log.Info("Every Deployment already runs this image and revision: unchanged, nothing applied.");
                return new DeployResult(DeployOutcome.Unchanged, await EndpointAsync(rendered, settings, cancellationToken));
            }

            foreach (var document in rendered)
                await ApplyAsync(document, settings, cancellationToken);
            foreach (var deployment in deployments)
            {
                try
                {
                    await WaitForRolloutAsync(Name(deployment), settings, cancellationToken);
                }
                catch (DeploymentFailedException failure) when (rollback && previous.TryGetValue(Name(deployment), out var before))
                {
                    await RollBackAsync(deployment, before, settings, cancellationToken);
                    throw new DeploymentFailedException(DeployOutcome.RolledBack, $"{failure.Message}\nRolled back Deployment {Name(deployment)} to {string.Join(", ", before.Spec.Template.Spec.Containers.Select(c => c.Image))} (--no-rollback keeps the failed version).");
                }
            }

            return new DeployResult(DeployOutcome.Deployed, await EndpointAsync(rendered, settings, cancellationToken));
        }
        catch (HttpOperationException exception) when ((int)exception.Response.StatusCode == 403)
        {
            throw new ClusterException($"The cluster forbids it (403): {exception.Request.Method} {exception.Request.RequestUri?.AbsolutePath}. Grant the deploying identity that verb on that resource (RBAC). {exception.Response.Content}");
        }
        catch (HttpOperationException exception) when ((int)exception.Response.StatusCode == 401)
        {
            throw new ClusterException(
                "The cluster does not know the deploying identity (401). On EKS, give the role an access entry (aws eks create-access-entry, plus an access policy for the namespace); on AKS, a role binding for the client id (or Azure RBAC for Kubernetes); on GKE, an IAM role such as roles/container.developer; with a kubeconfig, check its credentials are current.");
        }
        catch (HttpRequestException exception)
        {
            throw new ClusterException($"The cluster is unreachable ({exception.Message}). Check --kubeconfig/--kube-context, or deploy locally with --environment local.");
        }
    }

    /// <summary>Server-side dry run of every apply; the unified diff of each object's spec against the live one.</summary>
    public async Task<string> DryRunAsync(IReadOnlyList<YamlMappingNode> rendered, DeploySettings settings, CancellationToken cancellationToken)
    {
        var report = new System.Text.StringBuilder();
        foreach (var document in rendered)
        {
            var kind = ManifestRenderer.Scalar(document, "kind");
            var name = Name(document);
            var patch = new V1Patch(YamlJson.ToJson(document)!.ToJsonString(), V1Patch.PatchType.ApplyPatch);
            (object? Live, object Dry) specs = kind switch
            {
                "Deployment" => ((await ReadOrNullAsync(name, settings, cancellationToken))?.Spec,
                    (await client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, settings.Namespace, dryRun: "All", fieldManager: FieldManager, force: true, cancellationToken: cancellationToken)).Spec),
                "Service" => (await ReadServiceOrNullAsync(name, settings, cancellationToken),
                    (await client.CoreV1.PatchNamespacedServiceAsync(patch, name, settings.Namespace, dryRun: "All", fieldManager: FieldManager, force: true, cancellationToken: cancellationToken)).Spec),
                _ => throw new ManifestException($"Deploy applies Deployments and Services; {kind} {name} is not supported yet."),
            };
            var live = specs.Live is null ? "" : KubernetesYaml.Serialize(specs.Live);
            var next = KubernetesYaml.Serialize(specs.Dry);
            report.AppendLine(live == next
                ? $"{kind} {settings.Namespace}/{name}: no change (validated by the server)."
                : $"{kind} {settings.Namespace}/{name}: {(live.Length == 0 ? "would be created" : "would change")} (validated by the server):\n"
                  + await CI.UnifiedDiff.BetweenAsync($"{kind.ToLowerInvariant()}-{name}.spec.yaml", live, next, cancellationToken, "live", "applied"));
        }

        return report.ToString().TrimEnd();
    }

    private async Task<V1ServiceSpec?> ReadServiceOrNullAsync(string name, DeploySettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.CoreV1.ReadNamespacedServiceAsync(name, settings.Namespace, cancellationToken: cancellationToken)).Spec;
        }
        catch (HttpOperationException exception) when ((int)exception.Response.StatusCode == 404)
        {
            return null;
        }
    }

    private async Task<V1Deployment?> ReadOrNullAsync(string name, DeploySettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await client.AppsV1.ReadNamespacedDeploymentAsync(name, settings.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException exception) when ((int)exception.Response.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>The live Deployment runs the rendered images and revision, and is rolled out.</summary>
    private static bool IsSame(YamlMappingNode deployment, V1Deployment live)
    {
        var wanted = ManifestRenderer.Containers(deployment).Select(c => ManifestRenderer.Scalar(c, "image")).ToHashSet();
        var running = live.Spec.Template.Spec.Containers.Select(c => c.Image).ToHashSet();
        return wanted.SetEquals(running) && Revision(live) == RenderedRevision(deployment) && IsRolledOut(live);
    }

    private static string? Revision(V1Deployment live) =>
        live.Spec.Template.Metadata?.Annotations is { } annotations && annotations.TryGetValue("pipeline/revision", out var revision) ? revision : null;

    private static string? RenderedRevision(YamlMappingNode deployment) =>
        ManifestRenderer.Child(deployment, "spec") is YamlMappingNode spec && ManifestRenderer.Child(spec, "template") is YamlMappingNode template
        && ManifestRenderer.Child(template, "metadata") is YamlMappingNode metadata && ManifestRenderer.Child(metadata, "annotations") is YamlMappingNode annotations
            ? ManifestRenderer.Scalar(annotations, "pipeline/revision")
            : null;

    /// <summary>Applies the manifest again with the images and revision the Deployment ran before.</summary>
    private async Task RollBackAsync(YamlMappingNode deployment, V1Deployment before, DeploySettings settings, CancellationToken cancellationToken)
    {
        var json = YamlJson.ToJson(deployment)!.AsObject();
        var template = json["spec"]!["template"]!;
        foreach (var container in template["spec"]!["containers"]!.AsArray())
        {
            var name = container!["name"]?.GetValue<string>();
            if (before.Spec.Template.Spec.Containers.FirstOrDefault(c => c.Name == name) is { } old)
                container["image"] = old.Image;
        }

        if (Revision(before) is { } revision)
            template["metadata"]!["annotations"]!["pipeline/revision"] = revision;
        await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(json.ToJsonString(), V1Patch.PatchType.ApplyPatch), Name(deployment), settings.Namespace,
            fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);
        log.Warn($"Rolled back Deployment {settings.Namespace}/{Name(deployment)}.");
    }

    private async Task ApplyAsync(YamlMappingNode document, DeploySettings settings, CancellationToken cancellationToken)
    {
        var kind = ManifestRenderer.Scalar(document, "kind");
        var name = Name(document);
        var patch = new V1Patch(YamlJson.ToJson(document)!.ToJsonString(), V1Patch.PatchType.ApplyPatch);
        switch (kind)
        {
            case "Deployment":
                await client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, settings.Namespace, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);
                break;
            case "Service":
                await client.CoreV1.PatchNamespacedServiceAsync(patch, name, settings.Namespace, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken);
                break;
            default:
                throw new ManifestException($"Deploy applies Deployments and Services; {kind} {name} is not supported yet.");
        }

        log.Info($"Applied {kind} {settings.Namespace}/{name} (server-side apply, field manager '{FieldManager}')");
    }

    private async Task WaitForRolloutAsync(string name, DeploySettings settings, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds((int)settings.RolloutTimeout.TotalSeconds);
        while (true)
        {
            var live = await client.AppsV1.ReadNamespacedDeploymentAsync(name, settings.Namespace, cancellationToken: cancellationToken);
            if (IsRolledOut(live))
            {
                log.Info($"Deployment {name} rolled out: {live.Status.AvailableReplicas}/{live.Spec.Replicas ?? 1} available.");
                return;
            }

            log.Progress($"Rollout of {name}", live.Status?.AvailableReplicas ?? 0, live.Spec.Replicas ?? 1);
            if (DateTime.UtcNow >= deadline)
                throw new DeploymentFailedException(DeployOutcome.Failed, $"Deployment {name} did not roll out within {(int)settings.RolloutTimeout.TotalSeconds} s. {await DiagnoseAsync(live, settings, cancellationToken)}");
            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    private static bool IsRolledOut(V1Deployment live) =>
        live.Status is { } status
        && (status.ObservedGeneration ?? 0) >= (live.Metadata.Generation ?? 0)
        && (status.UpdatedReplicas ?? 0) >= (live.Spec.Replicas ?? 1)
        && (status.AvailableReplicas ?? 0) >= (live.Spec.Replicas ?? 1);

    /// <summary>Why a Deployment another controller rolls out (Argo CD, Flux) is not available, as <see cref="DeployAsync"/> explains its own.</summary>
    public async Task<string> DiagnoseAsync(string deploymentName, DeploySettings settings, CancellationToken cancellationToken) =>
        await ReadOrNullAsync(deploymentName, settings, cancellationToken) is { } live
            ? await DiagnoseAsync(live, settings, cancellationToken)
            : $"The Deployment {deploymentName} does not exist in namespace {settings.Namespace}.";

    /// <summary>Why the pods are not available, in the terms kubectl describe would show.</summary>
    private async Task<string> DiagnoseAsync(V1Deployment deployment, DeploySettings settings, CancellationToken cancellationToken)
    {
        var selector = string.Join(",", deployment.Spec.Selector.MatchLabels.Select(pair => $"{pair.Key}={pair.Value}"));
        var pods = await client.CoreV1.ListNamespacedPodAsync(settings.Namespace, labelSelector: selector, cancellationToken: cancellationToken);
        var reasons = new List<string>();
        foreach (var pod in pods.Items)
        {
            foreach (var container in pod.Status?.ContainerStatuses ?? [])
            {
                var waiting = container.State?.Waiting;
                if (waiting?.Reason is "ImagePullBackOff" or "ErrImagePull")
                    reasons.Add($"ImagePullBackOff: pod {pod.Metadata.Name} cannot pull {container.Image}: {waiting.Message}. Check that Push ran and the cluster may pull from the registry.");
                else if (container.State?.Running is not null && container.Ready == false)
                    reasons.Add($"Not ready: container {container.Name} of pod {pod.Metadata.Name} runs but fails its readiness probe; check the probe path and port in deployment.yaml.");
                else if (waiting?.Reason == "CrashLoopBackOff")
                {
                    var logs = await client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, settings.Namespace, container: container.Name, tailLines: 15, cancellationToken: cancellationToken);
                    using var reader = new StreamReader(logs);
                    reasons.Add($"CrashLoopBackOff: container {container.Name} of pod {pod.Metadata.Name} keeps exiting (restarts: {container.RestartCount}); last log lines:\n{await reader.ReadToEndAsync(cancellationToken)}");
                }
            }

            if (pod.Status?.Phase == "Pending" && (pod.Status.ContainerStatuses is null || pod.Status.ContainerStatuses.Count == 0))
            {
                var events = await client.CoreV1.ListNamespacedEventAsync(settings.Namespace, fieldSelector: $"involvedObject.name={pod.Metadata.Name}", cancellationToken: cancellationToken);
                var scheduling = events.Items.LastOrDefault(e => e.Reason == "FailedScheduling");
                reasons.Add($"Pending: pod {pod.Metadata.Name} is not scheduled{(scheduling is null ? "" : $": {scheduling.Message}")}. Free or add capacity, or lower the resource requests.");
            }
        }

        return reasons.Count > 0 ? string.Join("\n", reasons) : "No pod reports a reason yet; see kubectl describe deployment.";
    }

    private async Task<string?> EndpointAsync(IReadOnlyList<YamlMappingNode> rendered, DeploySettings settings, CancellationToken cancellationToken)
    {
        var service = rendered.FirstOrDefault(d => ManifestRenderer.Scalar(d, "kind") == "Service");
        if (service is null)
            return null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds((int)settings.RolloutTimeout.TotalSeconds);
        while (true)
        {
            var live = await client.CoreV1.ReadNamespacedServiceAsync(Name(service), settings.Namespace, cancellationToken: cancellationToken);
            var type = live.Spec?.Type ?? "ClusterIP"; // the API's default when the manifest names none
            if (type != "LoadBalancer")
                return $"{live.Metadata.Name}.{settings.Namespace}.svc (type {type})";
            var ingress = live.Status?.LoadBalancer?.Ingress?.FirstOrDefault();
            if ((ingress?.Ip ?? ingress?.Hostname) is { } address)
                return live.Spec!.Ports?.FirstOrDefault()?.Port is { } port and not 80 ? $"{address}:{port}" : address;
            if (DateTime.UtcNow >= deadline)
                throw new ClusterException($"The Service {live.Metadata.Name} has no external IP after {(int)settings.RolloutTimeout.TotalSeconds} s (the load balancer is still being provisioned); the Deployment is up — check again with kubectl get service.");
            log.Info($"Waiting for the load balancer of Service {live.Metadata.Name}...");
            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    private static string Name(YamlMappingNode document) =>
        ManifestRenderer.Scalar((YamlMappingNode)ManifestRenderer.Child(document, "metadata")!, "name")!;
}
