using System.Text.Json.Nodes;
using k8s;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Apply;

/// <summary>
/// Why an object is not ready, in the terms <c>kubectl describe</c> would show: for a workload, its pods' reasons
/// (ImagePullBackOff, CrashLoopBackOff with the last log lines, Pending with the scheduler's message, failing readiness);
/// for any other object, the warning events about it.
/// </summary>
internal sealed class WorkloadDiagnosis(IKubernetes client)
{
    public async Task<string> ExplainAsync(JsonObject live, string ns, CancellationToken cancellationToken)
    {
        var kind = live["kind"]?.GetValue<string>();
        var name = live["metadata"]?["name"]?.GetValue<string>() ?? "";
        var selector = kind switch
        {
            "Job" => $"job-name={name}",
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" => live["spec"]?["selector"]?["matchLabels"] is JsonObject labels
                ? string.Join(",", labels.Select(pair => $"{pair.Key}={pair.Value?.GetValue<string>()}"))
                : null,
            _ => null,
        };
        return selector is null ? await EventsAsync(name, ns, cancellationToken) : await PodsAsync(selector, ns, cancellationToken);
    }

    private async Task<string> PodsAsync(string selector, string ns, CancellationToken cancellationToken)
    {
        var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken);
        var reasons = new List<string>();
        foreach (var pod in pods.Items)
        {
            foreach (var container in pod.Status?.ContainerStatuses ?? [])
            {
                var waiting = container.State?.Waiting;
                if (waiting?.Reason is "ImagePullBackOff" or "ErrImagePull")
                    reasons.Add($"ImagePullBackOff: pod {pod.Metadata.Name} cannot pull {container.Image}: {waiting.Message}. Check that Push ran and the cluster may pull from the registry.");
                else if (container.State?.Running is not null && container.Ready == false)
                    reasons.Add($"Not ready: container {container.Name} of pod {pod.Metadata.Name} runs but fails its readiness probe; check the probe path and port in the manifest.");
                else if (waiting?.Reason == "CrashLoopBackOff")
                {
                    var logs = await client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, ns, container: container.Name, tailLines: 15, cancellationToken: cancellationToken);
                    using var reader = new StreamReader(logs);
                    reasons.Add($"CrashLoopBackOff: container {container.Name} of pod {pod.Metadata.Name} keeps exiting (restarts: {container.RestartCount}); last log lines:\n{await reader.ReadToEndAsync(cancellationToken)}");
                }
            }

            if (pod.Status?.Phase == "Pending" && (pod.Status.ContainerStatuses is null || pod.Status.ContainerStatuses.Count == 0))
            {
                var events = await client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: $"involvedObject.name={pod.Metadata.Name}", cancellationToken: cancellationToken);
                var scheduling = events.Items.LastOrDefault(e => e.Reason == "FailedScheduling");
                reasons.Add($"Pending: pod {pod.Metadata.Name} is not scheduled{(scheduling is null ? "" : $": {scheduling.Message}")}. Free or add capacity, or lower the resource requests.");
            }
        }

        return reasons.Count > 0 ? string.Join("\n", reasons) : "No pod reports a reason yet; see kubectl describe.";
    }

    private async Task<string> EventsAsync(string name, string ns, CancellationToken cancellationToken)
    {
        var events = await client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: $"involvedObject.name={name}", cancellationToken: cancellationToken);
        var warnings = events.Items.Where(e => e.InvolvedObject?.Name == name && e.Type == "Warning").Select(e => $"{e.Reason}: {e.Message}").Distinct().ToList();
        return warnings.Count > 0 ? "Events: " + string.Join("; ", warnings) : "";
    }
}
