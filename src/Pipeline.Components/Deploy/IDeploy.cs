using Pipeline.Build;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Deploy;

/// <summary>
/// Deploy: the manifests in kubernetes/ rendered with the image pinned by the digest Push recorded, run locally with
/// podman (the default) — health wait, endpoint, smoke test; nothing replayed when nothing changed.
/// </summary>
public interface IDeploy : IPush
{
    /// <summary>Where to deploy.</summary>
    [Parameter("Where to deploy: local (podman kube play on 127.0.0.1) or kubernetes")]
    DeployEnvironment Environment => Parameter(nameof(Environment), DeployEnvironment.Local);

    /// <summary>Kubernetes namespace of the rendered manifests.</summary>
    [Parameter("Kubernetes namespace")]
    string Namespace => Parameter(nameof(Namespace), "default");

    /// <summary>Local port.</summary>
    [Parameter("Port on 127.0.0.1 the local deployment listens on")]
    int LocalPort => Parameter(nameof(LocalPort), 8080);

    /// <summary>Rollout timeout.</summary>
    [Parameter("Seconds to wait for the deployment to become healthy")]
    int RolloutTimeout => Parameter(nameof(RolloutTimeout), 90);

    /// <summary>kubeconfig file for --environment kubernetes.</summary>
    [Parameter("kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster)")]
    string? Kubeconfig => Parameter<string?>(nameof(Kubeconfig), null);

    /// <summary>kubeconfig context.</summary>
    [Parameter("kubeconfig context (default: the current context)")]
    string? KubeContext => Parameter<string?>(nameof(KubeContext), null);

    /// <summary>A GKE cluster reached with the service-account key alone.</summary>
    [Parameter("GKE cluster as projects/P/locations/L/clusters/C: connect with --google-service-account-key instead of a kubeconfig")]
    string? GkeCluster => Parameter<string?>(nameof(GkeCluster), null);

    /// <summary>Keep a failed version on the cluster instead of rolling back.</summary>
    [Parameter("On a cluster, keep a failed rollout instead of rolling back to the previous version")]
    bool NoRollback => Parameter(nameof(NoRollback), false);

    /// <summary>Render and show the change only.</summary>
    [Parameter("Render the manifests and show the difference to what runs now; deploy nothing")]
    bool DryRun => Parameter(nameof(DryRun), false);

    /// <summary>The settings after <see cref="ConfigureDeploy"/>.</summary>
    DeploySettings DeploySettings => ConfigureDeploy(new DeploySettings { Namespace = Namespace, LocalPort = LocalPort, TimeoutSeconds = RolloutTimeout });

    /// <summary>Override to change manifests, container, smoke test.</summary>
    DeploySettings ConfigureDeploy(DeploySettings settings) => settings;

    /// <summary>Deploys the pushed image.</summary>
    Target Deploy => _ => _
        .Description("Deploy the pushed image (pinned by digest): locally with podman on 127.0.0.1 by default; wait, report the endpoint, smoke-test /predict")
        .DependsOn<IPush>(x => x.Push)
        .Executes(async cancellationToken =>
        {
            var container = ContainerSettings;
            var settings = DeploySettings;
            var digestFile = Path.Combine(RootDirectory, container.DigestFile);
            if (!File.Exists(digestFile))
                throw new TargetFailedException($"The image digest is missing ({container.DigestFile}): Push did not run. Run ./build.sh Deploy without --skip Push.");
            var digest = (await File.ReadAllLinesAsync(digestFile, cancellationToken))[0].Trim();
            // the revision the image was built from (Containerize may be up to date from an earlier commit)
            var imageFile = Path.Combine(RootDirectory, container.ImageFile);
            var built = File.Exists(imageFile)
                ? System.Text.Json.JsonSerializer.Deserialize<ImageRecord>(await File.ReadAllTextAsync(imageFile, cancellationToken), ImageRecord.Json)!.Revision
                : (await SourceRevision.OfAsync(RootDirectory, cancellationToken)).Sha;
            var rendered = ManifestRenderer.Render(Path.Combine(RootDirectory, settings.ManifestsDirectory), settings, $"{container.ImageName}@{digest}", built[..Math.Min(12, built.Length)]);
            if (Environment == DeployEnvironment.Kubernetes)
            {
                using var google = new HttpClient();
                var config = GkeCluster is { Length: > 0 } gke
                    ? await GkeCredentials.ConfigAsync(
                        RegistryCredentialResolver.ServiceAccountKey(GoogleServiceAccountKey ?? EnvironmentVariable("GOOGLE_SERVICE_ACCOUNT_KEY")
                            ?? throw new TargetFailedException("--gke-cluster needs a service-account key: --google-service-account-key or GOOGLE_SERVICE_ACCOUNT_KEY."), "GKE"),
                        gke, google, GkeCredentials.ContainerApi, cancellationToken)
                    : KubernetesConfig.Load(Kubeconfig ?? EnvironmentVariable("KUBECONFIG"), KubeContext);
                if (config.AccessToken is { Length: > 0 } accessToken)
                    Log.MaskSecret(accessToken);
                using var client = new k8s.Kubernetes(config);
                if (DryRun)
                {
                    Log.Info("Dry run, nothing applied:\n" + await new KubernetesDeployer(client, Log, TimeSpan.FromSeconds(2)).DryRunAsync(rendered, settings, cancellationToken));
                    return;
                }

                var (result, endpoint) = await new KubernetesDeployer(client, Log, TimeSpan.FromSeconds(2)).DeployAsync(rendered, settings, cancellationToken, rollback: !NoRollback);
                if (endpoint is not null && !endpoint.Contains(".svc", StringComparison.Ordinal))
                {
                    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                    var answer = await ServiceProbe.SmokeAsync(http, new Uri($"http://{endpoint}{settings.SmokePath}"), settings.SmokeBody, cancellationToken);
                    Log.Info($"Endpoint: http://{endpoint}/ (POST {settings.SmokePath}); smoke test answered {answer}");
                }

                Log.Info($"Deploy: {result} to namespace {settings.Namespace} ({container.ImageName}@{digest[..19]}…)");
                return;
            }

            var tools = await ContainerTools.ForAsync(RootDirectory, container, Log, cancellationToken);
            if (DryRun)
            {
                Log.Info(await LocalDeployer.DescribeChangeAsync(tools, rendered, settings, cancellationToken));
                return;
            }

            var (outcome, _) = await LocalDeployer.DeployAsync(tools, rendered, settings, Log, cancellationToken);
            Log.Info($"Deploy: {outcome} ({container.ImageName}@{digest[..19]}…)");
        });

    /// <summary>Stops the local deployment.</summary>
    Target Undeploy => _ => _
        .Description("Stop the local deployment (podman kube down)")
        .Executes(async cancellationToken =>
        {
            var tools = ContainerTools.Existing(Path.Combine(RootDirectory, ContainerSettings.StateDirectory), Log);
            Log.Info(await LocalDeployer.UndeployAsync(tools, cancellationToken) ? "Stopped the local deployment." : "Nothing was deployed locally.");
        });
}
