using k8s;
using k8s.Autorest;
using k8s.Models;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.Training;

/// <summary>
/// Submits a training Job, streams its pod's log, waits for it and explains a failure (unschedulable with the
/// scheduler's reason, image pull, OOMKilled with the limit, a non-zero exit with the last log lines). Cancelling
/// (Ctrl+C) deletes the Job with foreground propagation, so its pods go too.
/// </summary>
internal sealed class TrainingJobRunner(IKubernetes client, IBuildLog log, TimeSpan pollInterval)
{
    private const int LastLines = 20;

    /// <summary>Runs the Job; returns the termination message of its pods (and the log's last lines), where the hand-off names the outputs list.</summary>
    public async Task<string> RunAsync(V1Job job, CancellationToken cancellationToken)
    {
        var ns = job.Metadata.NamespaceProperty;
        var name = job.Metadata.Name;
        await ReplaceAsync(job, cancellationToken);
        log.Info($"Submitted Job {ns}/{name} ({(job.Spec.CompletionMode == "Indexed" ? $"Indexed, {job.Spec.Completions} workers" : "1 worker")}{await JobSetNoteAsync(cancellationToken)}).");
        var lines = new List<string>();
        Task? streaming = null;
        using var stopStreaming = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(job.Spec.ActiveDeadlineSeconds ?? 7200) + TimeSpan.FromMinutes(1);
            while (true)
            {
                var live = await client.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: cancellationToken);
                var pods = (await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"job-name={name}", cancellationToken: cancellationToken)).Items;
                var pod = pods.FirstOrDefault();
                if (streaming is null && pod?.Status?.Phase is "Running" or "Succeeded" or "Failed")
                    streaming = StreamAsync(pod.Metadata.Name, ns, lines, stopStreaming.Token);
                if ((live.Status?.Succeeded ?? 0) >= (live.Spec.Completions ?? 1))
                {
                    await FinishStreamingAsync(streaming, stopStreaming);
                    log.Info($"Job {name} succeeded.");
                    var messages = pods.Select(p => p.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Terminated?.Message).OfType<string>();
                    return string.Join('\n', messages.Concat(Tail(lines)));
                }

                if ((live.Status?.Failed ?? 0) > 0 || live.Status?.Conditions?.Any(c => c.Type == "Failed" && c.Status == "True") == true)
                {
                    await FinishStreamingAsync(streaming, stopStreaming);
                    throw new TargetFailedException($"Training Job {name} failed: {await ExplainAsync(pod, ns, lines, cancellationToken)}");
                }

                if (pod?.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason is "ImagePullBackOff" or "ErrImagePull" or "InvalidImageName")
                    throw new TargetFailedException($"Training Job {name} cannot start: {await ExplainAsync(pod, ns, lines, cancellationToken)}");
                if (DateTime.UtcNow >= deadline)
                    throw new TargetFailedException($"Training Job {name} did not finish in time: {await ExplainAsync(pod, ns, lines, cancellationToken)}");
                await Task.Delay(pollInterval, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or TargetFailedException)
        {
            await stopStreaming.CancelAsync();
            await DeleteAsync(name, ns);
            throw;
        }
        catch (HttpOperationException exception) when ((int)exception.Response.StatusCode == 403)
        {
            throw new ClusterException($"The cluster forbids it (403): {exception.Request.Method} {exception.Request.RequestUri?.AbsolutePath}. The identity needs create, get and delete on jobs, and list on pods and pods/log, in {ns}.");
        }
    }

    /// <summary>A Job with this name is an earlier attempt at the same inputs: replaced, not reused (its outputs list was cleared).</summary>
    private async Task ReplaceAsync(V1Job job, CancellationToken cancellationToken)
    {
        try
        {
            await client.BatchV1.CreateNamespacedJobAsync(job, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException exception) when ((int)exception.Response.StatusCode == 409)
        {
            await DeleteAsync(job.Metadata.Name, job.Metadata.NamespaceProperty);
            await client.BatchV1.CreateNamespacedJobAsync(job, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
    }

    private async Task DeleteAsync(string name, string ns)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // runs after Ctrl+C: not on the cancelled token
        try
        {
            await client.BatchV1.DeleteNamespacedJobAsync(name, ns, propagationPolicy: "Foreground", cancellationToken: timeout.Token);
            log.Info($"Deleted Job {ns}/{name} and its pods.");
        }
        catch (Exception exception) when (exception is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            log.Warn($"Could not delete Job {ns}/{name} ({exception.Message}); delete it with kubectl delete job -n {ns} {name}.");
        }
    }

    private async Task StreamAsync(string pod, string ns, List<string> lines, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(pod, ns, follow: true, cancellationToken: cancellationToken);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lock (lines)
                    lines.Add(line);
                log.Info($"train> {line}");
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpOperationException or HttpRequestException or IOException)
        {
            // the log is a view; the Job's status decides
        }
    }

    private static async Task FinishStreamingAsync(Task? streaming, CancellationTokenSource stop)
    {
        if (streaming is null)
            return;
        if (await Task.WhenAny(streaming, Task.Delay(TimeSpan.FromSeconds(5))) != streaming)
            await stop.CancelAsync();
        await streaming;
    }

    private async Task<string> ExplainAsync(V1Pod? pod, string ns, List<string> lines, CancellationToken cancellationToken)
    {
        if (pod is null)
            return "no pod was created; see kubectl describe job.";
        var container = pod.Status?.ContainerStatuses?.FirstOrDefault();
        if (container?.State?.Waiting is { Reason: "ImagePullBackOff" or "ErrImagePull" or "InvalidImageName" } waiting)
            return $"ImagePullBackOff: pod {pod.Metadata.Name} cannot pull {container.Image} ({waiting.Message}). Check the training image was pushed and the cluster may pull from the registry.";
        var terminated = container?.State?.Terminated ?? container?.LastState?.Terminated;
        if (terminated is { Reason: "OOMKilled" })
            return $"OOMKilled: the training used more than its memory limit {(pod.Spec.Containers[0].Resources?.Limits is { } podLimits && podLimits.TryGetValue("memory", out var memory) ? memory.ToString() : "(none)")} (ClusterTrainSettings.Memory). Raise it, or lower the batch size.";
        if (terminated is { ExitCode: not 0 })
            return $"the training exited with code {terminated.ExitCode}; last log lines:\n{string.Join('\n', Tail(lines))}";
        if (pod.Status?.Phase == "Pending")
        {
            var events = await client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: $"involvedObject.name={pod.Metadata.Name}", cancellationToken: cancellationToken);
            var scheduling = events.Items.LastOrDefault(e => e.Reason == "FailedScheduling");
            return scheduling is not null
                ? $"Pending: pod {pod.Metadata.Name} is not scheduled: {scheduling.Message} Lower ClusterTrainSettings.Cpu/Memory/Gpus, or add nodes that match."
                : $"Pending: pod {pod.Metadata.Name} has not started.";
        }

        return $"pod {pod.Metadata.Name} is {pod.Status?.Phase}; last log lines:\n{string.Join('\n', Tail(lines))}";
    }

    private static IEnumerable<string> Tail(List<string> lines)
    {
        lock (lines)
            return lines.Skip(Math.Max(0, lines.Count - LastLines)).ToList();
    }

    /// <summary>Says whether the cluster offers JobSet (which this version does not submit; an Indexed Job does the work).</summary>
    private async Task<string> JobSetNoteAsync(CancellationToken cancellationToken)
    {
        try
        {
            var groups = await client.Apis.GetAPIVersionsAsync(cancellationToken);
            return groups.Groups?.Any(group => group.Name == "jobset.x-k8s.io") == true ? "; JobSet is installed, an Indexed Job is used" : "";
        }
        catch (Exception exception) when (exception is HttpOperationException or HttpRequestException)
        {
            return "";
        }
    }
}
