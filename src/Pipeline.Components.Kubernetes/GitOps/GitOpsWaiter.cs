using System.Text.Json;
using k8s;
using k8s.Autorest;
using Pipeline.Build;
using Pipeline.Components.Deploy;
using Pipeline.Components.Train;

namespace Pipeline.Components.Kubernetes.GitOps;

/// <summary>
/// Waits until Argo CD or Flux has applied a commit and the workloads are healthy, reading only the controller's own
/// object (a get on one Application or Kustomization: the job needs no other cluster right). A failure is explained
/// with the controller's messages and the same pod diagnosis as a direct deploy (ImagePullBackOff, CrashLoopBackOff,
/// Pending with the scheduler's reason).
/// </summary>
internal sealed class GitOpsWaiter(IKubernetes client, IBuildLog log, TimeSpan pollInterval)
{
    public async Task WaitAsync(GitOpsWatch watch, string commit, IReadOnlyList<string> deployments, DeploySettings settings, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + settings.RolloutTimeout;
        var last = "";
        while (true)
        {
            var status = GitOpsStatus.Of(watch.Controller, await ReadAsync(watch, cancellationToken), commit);
            if (status.State == GitOpsState.Applied)
            {
                log.Info($"{watch}: {status.Description}.");
                return;
            }

            if (status.State == GitOpsState.Failed)
            {
                var diagnosis = new List<string>();
                var deployer = new KubernetesDeployer(client, log, pollInterval);
                foreach (var deployment in status.FailingDeployments.Count > 0 ? status.FailingDeployments : deployments)
                    diagnosis.Add(await deployer.DiagnoseAsync(deployment, settings, cancellationToken));
                throw new GitOpsWaitException($"{watch} applied {commit[..12]} and it fails: {status.Description}\n{string.Join("\n", diagnosis)}");
            }

            if (status.Description != last)
                log.Info($"Waiting for {watch} to apply {commit[..12]}: {status.Description}");
            last = status.Description;
            if (DateTime.UtcNow >= deadline)
                throw new GitOpsWaitException($"{watch} did not apply {commit[..12]} within {settings.RolloutTimeout.TotalSeconds:0} s (it shows {status.Description}). Check that it watches the repository, branch and path Deploy commits to, or raise --rollout-timeout.", timedOut: true);
            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    private async Task<JsonElement> ReadAsync(GitOpsWatch watch, CancellationToken cancellationToken)
    {
        var (group, version, plural) = watch.Controller == GitOpsController.ArgoCd
            ? ("argoproj.io", "v1alpha1", "applications")
            : ("kustomize.toolkit.fluxcd.io", "v1", "kustomizations");
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(group, version, watch.Namespace, plural, watch.Name, cancellationToken);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode is System.Net.HttpStatusCode.NotFound)
        {
            throw new GitOpsException($"{watch} does not exist: create it (see docs/gitops.md) or fix --gitops-wait.", exception);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Unauthorized)
        {
            throw new GitOpsException($"The cluster does not let this build read {watch}: grant it get on {plural}.{group} in namespace {watch.Namespace} (read-only is enough).", exception);
        }
    }
}
