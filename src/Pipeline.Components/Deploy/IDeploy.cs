using Pipeline.Build;
using Pipeline.Components.Containers;

namespace Pipeline.Components.Deploy;

/// <summary>
/// Deploy: the manifests in kubernetes/ rendered with the image pinned by the digest Push recorded, run locally with
/// podman (the default) or server-side applied to a cluster — health wait, endpoint, smoke test; nothing replayed
/// when nothing changed.
/// </summary>
public interface IDeploy : IPush, CodeHost.ICodeHost
{
    /// <summary>Where to deploy.</summary>
    [Parameter("Where to deploy: local (podman kube play on 127.0.0.1), kubernetes (server-side apply), gitops (commit the manifests to a repository that Argo CD or Flux applies; both with IKubernetesDeploy), or the name of a back-end another component of the build adds")]
    DeployEnvironment Environment => Parameter(DeployEnvironment.Local);

    /// <summary>Deploy a version the gate refuses, for this reason (recorded, and told in notifications).</summary>
    [Parameter("Deploy even though the gate (DeploySettings.Gate) finds the model worse than the one running; the reason is recorded with the deploy and told in its notifications")]
    string? AcceptWorse => Parameter<string?>(null);

    /// <summary>Kubernetes namespace of the rendered manifests.</summary>
    [Parameter("Kubernetes namespace")]
    string Namespace => Parameter("default");

    /// <summary>Local port.</summary>
    [Parameter("Port on 127.0.0.1 the local deployment listens on", Minimum = 1, Maximum = 65_535)]
    int LocalPort => Parameter(8080);

    /// <summary>How long to wait for the deployment to become healthy.</summary>
    [Parameter("How long to wait for the deployment to become healthy: 90s, 5m, 1h30m (a bare number is seconds)")]
    TimeSpan RolloutTimeout => Parameter(TimeSpan.FromSeconds(90));

    /// <summary>Render and show the change only.</summary>
    [Parameter("Render the manifests and show the difference to what runs now; deploy nothing")]
    bool DryRun => Parameter(false);

    /// <summary>The environment's name where the team sees the deploy.</summary>
    [Parameter("Environment name on GitHub deployments, GitLab environments and in notifications (generated CI jobs set it to the job's environment; default: local, or the namespace)")]
    string? EnvironmentName => Parameter<string?>(null);

    /// <summary>Slack incoming webhook for deploy notifications.</summary>
    [Parameter("Slack incoming webhook URL: post each deploy's outcome (deployed, unchanged, failed, rolled back) to its channel", EnvironmentVariable = "SLACK_WEBHOOK_URL"), Secret]
    string? SlackWebhook => Parameter<string?>(null);

    /// <summary>Microsoft Teams workflow webhook for deploy notifications.</summary>
    [Parameter("Microsoft Teams workflow webhook URL: post each deploy's outcome as an Adaptive Card", EnvironmentVariable = "TEAMS_WEBHOOK_URL"), Secret]
    string? TeamsWebhook => Parameter<string?>(null);

    /// <summary>The defaults from the parameters, before <see cref="ConfigureDeploy"/>.</summary>
    sealed DeploySettings DeploySettingsBase => new()
    {
        Container = RepositoryDefaults.ContainerName(ContainerSettings.ImageRepository), Namespace = Namespace, LocalPort = LocalPort, RolloutTimeout = RolloutTimeout,
    };

    /// <summary>
    /// The settings of this run: <see cref="DeploySettingsBase"/> through <see cref="ConfigureDeploy"/>, then the
    /// selected <see cref="Stage"/>'s own, evaluated once.
    /// </summary>
    sealed DeploySettings DeploySettings => Settings(() => SettingsOf(Stage));

    /// <summary>The settings of <paramref name="stage"/> (the build's own for null).</summary>
    sealed DeploySettings SettingsOf(DeployStage? stage)
    {
        var settings = ConfigureDeploy(DeploySettingsBase);
        if (stage is null)
            return settings;
        var staged = stage.Settings(settings);
        var overlay = $"{staged.ManifestsDirectory}/overlays/{stage.Name}";
        return staged.OverlayDirectory is null && Directory.Exists(RootDirectory / overlay) ? staged with { OverlayDirectory = overlay } : staged;
    }

    /// <summary>
    /// The environments this build deploys to, in promotion order (empty: one, chosen by <c>--environment</c>). Each
    /// has a name, where it deploys and its own settings:
    /// <c>[new("test") { Environment = DeployEnvironment.Kubernetes, Settings = s => s with { Namespace = "test" } }, new("production") { … }]</c>.
    /// </summary>
    IReadOnlyList<DeployStage> Stages => [];

    /// <summary>The declared environment <c>--environment-name</c> names (the first when none is named); null when none is declared.</summary>
    sealed DeployStage? Stage => Stages.Count == 0 ? null : StageNamed(EnvironmentName ?? Stages[0].Name, "--environment-name");

    /// <summary>Where this run deploys: the selected stage's back-end, else <c>--environment</c>.</summary>
    sealed DeployEnvironment Where => WhereOf(Stage);

    /// <summary>Where <paramref name="stage"/> deploys: its own back-end, else <c>--environment</c>.</summary>
    sealed DeployEnvironment WhereOf(DeployStage? stage) => stage?.Environment ?? Environment;

    /// <summary>The declared stage called <paramref name="name"/>; an unknown name fails naming the declared ones.</summary>
    sealed DeployStage StageNamed(string name, string parameter) =>
        Stages.FirstOrDefault(stage => stage.Name == name)
        ?? throw new TargetFailedException($"{parameter} {name} is not an environment of this build: it declares {string.Join(", ", Stages.Select(stage => stage.Name))} (IDeploy.Stages).");

    /// <summary>The environment Promote takes the running version from.</summary>
    [Parameter("Promote: the environment (of IDeploy.Stages) whose running version moves, by digest, to the one --environment-name selects")]
    string? PromoteFrom => Parameter<string?>(null);

    /// <summary>A pre-built image to deploy instead of the one Push recorded.</summary>
    [Parameter("A pre-built image to deploy, pinned by digest (registry/repository@sha256:...), instead of the one Push recorded; with --skip nothing is trained, built or pushed")]
    PinnedImage? Image => Parameter<PinnedImage?>(null);

    /// <summary>Whether every image must carry a signature <see cref="VerificationKey"/> verifies before it is deployed.</summary>
    [Parameter("Refuse an image without a signature --verification-key verifies, before anything is applied (per environment: DeploySettings.RequireSignature)")]
    bool RequireSignature => Parameter(false);

    /// <summary>The public key signatures are checked with.</summary>
    [Parameter("ECDSA P-256 public key (PEM text, or a PEM file) that checks image signatures for --require-signature")]
    string? VerificationKey => Parameter<string?>(null);

    /// <summary>Override to change manifests, container, smoke test.</summary>
    DeploySettings ConfigureDeploy(DeploySettings settings) => settings;

    /// <summary>The back-ends this build deploys with: <c>local</c>, then those its component interfaces bring (<see cref="DeployBackendAttribute{TBackend}"/>).</summary>
    sealed IReadOnlyList<IDeployBackend> DeployBackends => BackendRegistry.Of(this);

    /// <summary>The back-end <paramref name="stage"/> deploys with (null: the build's single environment).</summary>
    sealed IDeployBackend BackendOf(DeployStage? stage) => BackendRegistry.Named(DeployBackends, WhereOf(stage));

    /// <summary>Deploys the pushed image.</summary>
    Target Deploy => _ => _
        .Description("Deploy the pushed image (pinned by digest; or a pre-built one, --image): locally with podman on 127.0.0.1 by default; wait, report the endpoint, smoke-test /predict")
        .DependsOn(Push)
        .Executes(async cancellationToken =>
        {
            if (Stage?.Environment is null && Where == DeployEnvironment.Local) // an environment declared local is meant
                LocalDeployment.ThrowIfOnACiRunnerByDefault(this);
            if (Image is { } prebuilt)
            {
                Log.Info($"Deploying the pre-built image {prebuilt} (--image); the one Push recorded, if any, is not used.");
                await DeployImageAsync(PushedImage.Of(prebuilt.Reference, prebuilt.Digest["sha256:".Length..][..12]), null, null, cancellationToken);
                return;
            }

            var image = await PushedImage.ReadAsync(RootDirectory, ContainerSettings, cancellationToken);
            var modelImage = File.Exists(RootDirectory / ContainerSettings.ModelDigestFile)
                ? (await PushedImage.ReadAsync(RootDirectory, ContainerSettings.ForModelImage(), cancellationToken)).Reference
                : null;
            await DeployImageAsync(image, modelImage, null, cancellationToken);
        });

    /// <summary>Moves the version that runs in one declared environment to another, by digest.</summary>
    Target Promote => _ => _
        .Description("Deploy exactly the image that runs in --promote-from to the environment --environment-name selects, after that environment's gate and smoke test: no rebuild, no retrain, no push")
        .Executes(async cancellationToken =>
        {
            if (Stages.Count == 0)
                throw new TargetFailedException("Promote moves a version between the environments the build declares, and this one declares none: list them in IDeploy.Stages (docs/deploy-gate.md).");
            var from = StageNamed(PromoteFrom ?? throw new TargetFailedException($"Promote needs --promote-from: the environment to take the version from ({string.Join(", ", Stages.Select(stage => stage.Name))})."), "--promote-from");
            var to = Stage!;
            if (from == to)
                throw new TargetFailedException($"--promote-from {from.Name} is also the environment to promote to: select the target with --environment-name.");
            var source = await ReadRecordAsync(from, SettingsOf(from), cancellationToken)
                ?? throw new TargetFailedException($"Nothing is recorded in {from.Name}: deploy there first (./build.sh Deploy --environment-name {from.Name}), then promote what runs.");
            Log.Info($"Promoting {source.Image} (revision {source.ShortRevision}, deployed to {from.Name} {source.DeployedAt:yyyy-MM-dd HH:mm} by {source.DeployedBy}) to {to.Name}.");
            await DeployImageAsync(PushedImage.Of(source.Image, source.Revision), source.ModelImage, source, cancellationToken);
        });

    /// <summary>
    /// Renders the manifests for <paramref name="image"/>, judges it by the gate against what runs, deploys it where
    /// this run deploys and records it; <paramref name="promoted"/> is the record it runs under elsewhere (its metrics
    /// are the ones judged), null for a new build (the metrics Train wrote).
    /// </summary>
    private async Task DeployImageAsync(PushedImage image, string? modelImage, Gating.DeployRecord? promoted, CancellationToken cancellationToken)
    {
        var backend = BackendOf(Stage); // an unknown back-end fails before anything is read
        await SupplyChain.ImageAttachmentsStep.VerifyAsync(this, image, cancellationToken);
        var rendered = ManifestRenderer.Render(RootDirectory / DeploySettings.ManifestsDirectory, DeploySettings, image.Reference, image.Revision, modelImage,
            DeploySettings.OverlayDirectory is { } overlay ? (RootDirectory / overlay).Value : null);
        var champion = DeploySettings.Gate.Count > 0 ? await ReadRecordAsync(Stage, DeploySettings, cancellationToken) : null; // one cluster read, only when there is something to judge
        var record = await Gating.GateCheck.RunAsync(this, image, modelImage, promoted, champion, cancellationToken);
        var target = new DeployTarget(Stage?.Name, DeploySettings);
        Task<DeployResult?> DeployAsync() => backend.DeployAsync(new DeployRequest(ManifestRenderer.ToYaml(rendered), record, target, DryRun), cancellationToken);
        if (DryRun)
        {
            await DeployAsync();
            return;
        }

        var result = await Feedback.DeployFeedbackSources.RunAsync(this, image, async () => (await DeployAsync())!, cancellationToken, record.AcceptedWorse);
        Log.Info($"{(promoted is null ? "Deploy" : "Promote")}: {result.Outcome.ToString().ToLowerInvariant()}{(Stage is { } stage ? $" to {stage.Name}" : "")}{backend.Describe(target)} ({image.ShortReference})");
    }

    /// <summary>The record of what runs in <paramref name="stage"/> (null: the build's single environment) with <paramref name="settings"/> (for GitOps: what the folder holds); null when nothing is recorded there.</summary>
    internal sealed Task<Gating.DeployRecord?> ReadRecordAsync(DeployStage? stage, DeploySettings settings, CancellationToken cancellationToken) =>
        BackendOf(stage).ReadRecordAsync(new DeployTarget(stage?.Name, settings), cancellationToken);

    /// <summary>Prints what is attached to the pushed image (or <c>--image</c>): bill of materials, signatures.</summary>
    Target Inspect => _ => _
        .Description("Print what is attached to the pushed image (or --image) in its registry: the bill of materials in short (model metrics, hyper-parameters, datasets, packages) and the signatures, verified with --verification-key when given")
        .Executes(async cancellationToken =>
        {
            var image = Image is { } prebuilt ? PushedImage.Of(prebuilt.Reference, "") : await PushedImage.ReadAsync(RootDirectory, ContainerSettings, cancellationToken);
            using var key = VerificationKey is { Length: > 0 } text ? SupplyChain.SigningKeys.Public(text, RootDirectory) : null;
            Log.Info(await SupplyChain.ImageInspection.DescribeAsync(await SupplyChain.ImageAttachmentsStep.RegistryOfAsync(this, image, cancellationToken), image.ImageName, image.Digest, key, cancellationToken));
        });

    /// <summary>Prints what runs in each environment, from their deploy records.</summary>
    Target Status => _ => _
        .Description("Print what each environment runs (the declared ones side by side, else --environment's): image digest, revision, metrics, when and by whom, from the record its last deploy left there")
        .Executes(async cancellationToken =>
        {
            IReadOnlyList<(string Name, DeployStage? Stage, DeploySettings Settings)> environments = Stages.Count > 0
                ? [.. Stages.Select(stage => (stage.Name, (DeployStage?)stage, SettingsOf(stage)))]
                : [(Environment.ToString().ToLowerInvariant(), null, DeploySettings)];
            var records = new List<(string, Gating.DeployRecord?, string?)>();
            foreach (var (name, stage, settings) in environments)
            {
                try
                {
                    records.Add((name, await ReadRecordAsync(stage, settings, cancellationToken), null));
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OutOfMemoryException)
                {
                    records.Add((name, null, exception.Message.Split('\n')[0])); // one environment out of reach does not hide the others
                }
            }

            Log.Info(Gating.GateCheck.Describe(records, DeploySettings.HeadlineMetrics));
            if (records.Where(record => record.Item3 is not null).Select(record => record.Item1).ToList() is { Count: > 0 } unreadable)
                throw new TargetFailedException($"Status could not read what runs in {string.Join(", ", unreadable)} (the reason is above).");
        });

    /// <summary>Stops the local deployments.</summary>
    Target Undeploy => _ => _
        .Description("Stop the local deployments (podman kube down): every local environment the build declares, or its single one")
        .Executes(async cancellationToken =>
        {
            var tools = ContainerTools.Existing(RootDirectory / ContainerSettings.StateDirectory, Log);
            foreach (var stage in Stages.Where(stage => WhereOf(stage) == DeployEnvironment.Local))
                Log.Info(await LocalDeployer.UndeployAsync(tools, cancellationToken, stage.Name) ? $"Stopped the local deployment of {stage.Name}." : $"Nothing of {stage.Name} was deployed locally.");
            var stopped = await LocalDeployer.UndeployAsync(tools, cancellationToken); // the single environment, and any front left without a record
            if (Stages.Count == 0)
                Log.Info(stopped ? "Stopped the local deployment." : "Nothing was deployed locally.");
        });
}
