namespace Pipeline.Components.Deploy;

/// <summary>What Deploy renders and checks. Change it in <see cref="IDeploy.ConfigureDeploy"/>.</summary>
public sealed record DeploySettings
{
    /// <summary>The plain manifests (never rewritten; rendered copies are deployed).</summary>
    public string ManifestsDirectory { get; init; } = "kubernetes";

    /// <summary>
    /// Patches merged over the manifests for one environment (relative to the root): each YAML document names an
    /// object of <see cref="ManifestsDirectory"/> by kind and metadata.name and changes what it lists (a JSON merge
    /// patch; containers, env, ports and volumes merged by name). A declared environment uses
    /// <c>&lt;ManifestsDirectory&gt;/overlays/&lt;name&gt;</c> when that folder exists.
    /// </summary>
    public string? OverlayDirectory { get; init; }

    /// <summary>This environment's cluster, signed in through its cloud (null: <c>--cluster</c>, else the kubeconfig).</summary>
    public ClusterAddress? Cluster { get; init; }

    /// <summary>This environment's kubeconfig context (null: <c>--kube-context</c>, else the current one); it wins over <c>--cluster</c>.</summary>
    public string? KubeContext { get; init; }

    /// <summary>This environment's GitOps repository (null: <c>--gitops-repository</c>).</summary>
    public string? GitOpsRepository { get; init; }

    /// <summary>This environment's GitOps branch (null: <c>--gitops-branch</c>).</summary>
    public string? GitOpsBranch { get; init; }

    /// <summary>This environment's folder of the GitOps repository (null: <c>--gitops-path</c>, else <c>deploy/&lt;namespace&gt;</c>).</summary>
    public string? GitOpsPath { get; init; }

    /// <summary>Whether this environment's GitOps change goes through a pull/merge request (null: <c>--gitops-pull-request</c>).</summary>
    public bool? GitOpsPullRequest { get; init; }

    /// <summary>
    /// The container (in the Deployment) that runs the built image; by default the last segment of the image repository
    /// (<c>team/iris</c> → <c>iris</c>). A Deployment with no container of that name has its first one pinned.
    /// </summary>
    public required string Container { get; init; }

    /// <summary>
    /// Where the serving container reads the model from the model image (<see cref="Containers.IModelImage"/>): an init
    /// container copies its <c>/models</c> into a volume mounted read-only there, so a model update changes only the init
    /// container's image. Null (the default): the model comes with the serving image.
    /// </summary>
    public string? ModelMountPath { get; init; }

    /// <summary>
    /// Delete from the cluster what this pipeline applied before and is no longer in <see cref="ManifestsDirectory"/>
    /// (an ApplySet as <c>kubectl apply --prune --applyset</c> keeps it: only objects labelled as members are ever
    /// deleted, never anything else in the namespace). False keeps removed objects running. Dry runs list what would go.
    /// </summary>
    public bool Prune { get; init; } = true;

    /// <summary>The name of the Secret that records this pipeline's objects (its ApplySet parent); default <c>pipeline-</c> + <see cref="Container"/>.</summary>
    public string? ApplySetName { get; init; }

    /// <summary>Kubernetes namespace.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Where the local deployment listens (127.0.0.1 only).</summary>
    public int LocalPort { get; init; } = 8080;

    /// <summary>How long to wait for the new version to become healthy (<c>--rollout-timeout</c>, in seconds).</summary>
    public TimeSpan RolloutTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Whether this environment deploys only images signed by the <c>--verification-key</c>'s key (null: <c>--require-signature</c>).</summary>
    public bool? RequireSignature { get; init; }

    /// <summary>How often a rollout (or a GitOps controller's sync) is asked how it is going.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The health endpoint.</summary>
    public string HealthPath { get; init; } = "/healthz";

    /// <summary>The dotenv file a good deploy writes its endpoint URL into (GitLab's <c>environment:url</c> reads it).</summary>
    public string EnvironmentFile { get; init; } = "artifacts/deploy.env";

    /// <summary>Top-level metrics shown in notifications and the merged pull request's reply; empty: the first four numeric ones.</summary>
    public IReadOnlyList<string> HeadlineMetrics { get; init; } = [];

    /// <summary>The smoke test: a POST of <see cref="SmokeBody"/> to this path must answer 2xx.</summary>
    public string SmokePath { get; init; } = "/predict";

    /// <summary>The smoke test's JSON body: one sample input of your model. Null: no smoke test, the health check alone decides.</summary>
    public string? SmokeBody { get; init; }

    /// <summary>
    /// The deploy gate: rules on the model's metrics that a new version must pass against the version the environment
    /// runs now (its record), such as <c>[GateRule.Higher("accuracy") with { Floor = 0.9, MaxRegression = 0.005 }]</c>.
    /// A refusal fails Deploy with the table before anything changes; <c>--accept-worse "reason"</c> ships it anyway
    /// and records the reason. Empty: every version deploys (and is still recorded).
    /// </summary>
    public IReadOnlyList<Gating.GateRule> Gate { get; init; } = [];
}
