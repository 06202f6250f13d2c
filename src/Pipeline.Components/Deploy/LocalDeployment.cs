using Pipeline.Build;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Deploy;

/// <summary>Deploy's local path: podman on 127.0.0.1 with the container tools of this checkout.</summary>
internal static class LocalDeployment
{
    /// <summary>Refuses, before anything is read, a local deploy in a CI job that did not ask for one.</summary>
    public static void ThrowIfOnACiRunnerByDefault(IDeploy build)
    {
        if (CI.CiJobEnvironment.IsCiJob(build.EnvironmentVariable) && build.EnvironmentVariable("PIPELINE_ENVIRONMENT") is null)
            throw new TargetFailedException("Deploy runs in a CI job with the default environment, local: it would start the model on this runner, which goes away with the job. Set the CI variable PIPELINE_ENVIRONMENT to kubernetes (with KUBECONFIG or PIPELINE_CLUSTER) or gitops (with PIPELINE_GITOPS_REPOSITORY), see docs/ci-generation.md; set it to local to deploy on a runner of your own on purpose.");
    }

    /// <summary>What runs locally in <paramref name="environment"/> (null: the build's single one), from the record its last deploy left; null when nothing is recorded.</summary>
    public static async Task<Gating.DeployRecord?> ReadRecordAsync(IDeploy build, string? environment, CancellationToken cancellationToken)
    {
        var file = RecordFile(build, environment);
        return File.Exists(file) ? Gating.DeployRecord.FromJson(await File.ReadAllTextAsync(file, cancellationToken)) : null;
    }

    /// <summary>The local record, beside the manifests the deployer played (Undeploy removes both).</summary>
    private static string RecordFile(IDeploy build, string? environment) =>
        Path.Combine(LocalDeployer.DirectoryOf(build.RootDirectory / build.ContainerSettings.StateDirectory, environment), LocalDeployer.RecordFile);

    /// <summary>
    /// Lets the next run of the same command answer this Deploy from its record while the service still answers its
    /// health check and nothing it compared changed: the manifests, the overlay, this environment's deploy state.
    /// </summary>
    private static void ReportUnchanged(IDeploy build, string? environment, DeploySettings settings, string endpoint)
    {
        List<string> read = [settings.ManifestsDirectory, LocalDeployer.DirectoryOf(build.RootDirectory / build.ContainerSettings.StateDirectory, environment)];
        if (settings.OverlayDirectory is { } overlay)
            read.Add(overlay);
        build.ReportUnchanged(new UnchangedProof("the same version runs locally", new Uri($"http://{endpoint}{settings.HealthPath}"), read));
    }

    /// <summary>Returns null for a dry run.</summary>
    public static async Task<DeployResult?> RunAsync(IDeploy build, DeployRequest request, CancellationToken cancellationToken)
    {
        var rendered = ManifestRenderer.FromYaml(request.Manifests);
        var (environment, settings) = (request.Target.Name, request.Target.Settings);
        if (LocalOverlay.LeftOut(rendered) is { Count: > 0 } clusterOnly)
            build.Log.Info($"Locally, podman plays the Deployments and the front on 127.0.0.1:{settings.LocalPort} stands in for the Service; "
                           + $"these run on a cluster only (--environment kubernetes) and are left out here: {string.Join(", ", clusterOnly)}.");
        var tools = await ContainerTools.ForAsync(build.RootDirectory, build.ContainerSettings, build.Log, cancellationToken);
        await ContainerRuntime.EnsureAsync(build.Log, cancellationToken); // ContainerTools leaves podman out inside a job container
        if (!request.DryRun)
        {
            var result = await LocalDeployer.DeployAsync(tools, rendered, settings, build.Log, cancellationToken, environment);
            if (result.Outcome == DeployOutcome.Deployed || !File.Exists(RecordFile(build, environment)))
                Build.IO.AtomicFile.WriteAllText(RecordFile(build, environment), request.Record.ToJson() + "\n");
            else if (result is { Outcome: DeployOutcome.Unchanged, Endpoint: { } endpoint })
                ReportUnchanged(build, environment, settings, endpoint);
            return result;
        }

        build.Log.Info(await LocalDeployer.DescribeChangeAsync(tools, rendered, settings, cancellationToken, environment));
        return null;
    }
}
