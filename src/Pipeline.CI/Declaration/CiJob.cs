using System.Linq.Expressions;
using Pipeline.Build;

namespace Pipeline.CI.Declaration;

/// <summary>A target that becomes a CI job, and what that job needs.</summary>
public sealed record CiJob(string Target)
{
    /// <summary>When the job runs.</summary>
    public CiCondition Condition { get; init; } = CiCondition.Always;

    /// <summary>Secrets passed to this job only, by environment variable name (add them with <see cref="WithSecret{TBuild}"/>).</summary>
    public IReadOnlyList<string> Secrets { get; internal init; } = [];

    /// <summary>Plain variables for this job.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>GitHub token permissions beyond <c>contents: read</c>, e.g. <c>pull-requests: write</c>.</summary>
    public IReadOnlyDictionary<string, string> Permissions { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The audience of the CI's OIDC token this job exchanges for short-lived cloud credentials (keyless sign-in, see
    /// <see cref="CloudAudience"/>): GitHub gets <c>id-token: write</c>, GitLab an <c>id_tokens:</c> entry in
    /// <see cref="IdentityTokenVariable"/>. No long-lived cloud secret is then needed.
    /// </summary>
    public string? IdentityTokenAudience { get; init; }

    /// <summary>The variable GitLab puts the job's OIDC token in (the build reads it).</summary>
    public const string IdentityTokenVariable = "PIPELINE_ID_TOKEN";

    /// <summary>A deployment environment (GitHub environment, GitLab environment); deploy-like jobs are serialised per environment.</summary>
    public string? Environment { get; init; }

    /// <summary>
    /// A dotenv file the job writes with <see cref="EnvironmentUrlVariable"/> (Deploy: its endpoint): on GitLab it becomes the
    /// job's <c>artifacts:reports:dotenv</c> and the environment's URL.
    /// </summary>
    public string? EnvironmentUrlFile { get; init; }

    /// <summary>The variable of <see cref="EnvironmentUrlFile"/> holding the environment's URL.</summary>
    public const string EnvironmentUrlVariable = "PIPELINE_ENVIRONMENT_URL";

    /// <summary>The variable naming the job's environment, for the build (GitLab also sets CI_ENVIRONMENT_NAME).</summary>
    public const string EnvironmentNameVariable = "PIPELINE_ENVIRONMENT_NAME";

    /// <summary>Whether (and from which files) the job attests the provenance of the image it pushed; null: no attestation.</summary>
    public CiImageAttestation? ImageAttestation { get; init; }

    /// <summary>Check out the whole history (to compare with another branch), not just the commit.</summary>
    public bool FullHistory { get; init; }

    /// <summary>Steps this job runs before its target, after the pipeline's <see cref="CiPipeline.SetupSteps"/>.</summary>
    public IReadOnlyList<CiSetupStep> SetupSteps { get; init; } = [];

    /// <summary>The GitHub runner label, or null for the pipeline's.</summary>
    public string? RunsOn { get; init; }

    /// <summary>Service containers the job talks to (e.g. a registry), by name and image.</summary>
    public IReadOnlyDictionary<string, string> Services { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The GitLab image, or null for the pipeline's.</summary>
    public string? Image { get; init; }

    /// <summary>
    /// A person approves the job before it runs, as a promotion to production: on GitLab the job is <c>when: manual</c>
    /// (protect its environment so only its deployers may start it); on GitHub the job's <see cref="Environment"/> holds
    /// it until one of the environment's required reviewers approves (Settings → Environments). Needs an environment.
    /// </summary>
    public bool RequiresApproval { get; init; }

    /// <summary>Targets whose jobs this one waits for beyond its target's own dependencies (add them with <see cref="RunsAfter{TBuild}"/>).</summary>
    public IReadOnlyList<string> After { get; internal init; } = [];

    /// <summary>Waits for another declared job that its target does not depend on: a promotion waits for the deploy to the environment before.</summary>
    public CiJob RunsAfter<TBuild>(Expression<Func<TBuild, Target>> target) where TBuild : IPipelineBuild =>
        this with { After = [.. After, MemberNames.Target(target)] };

    /// <summary>Whether the job gets the artifact store and --pull; null: when it runs a target with outputs (not per-machine ones).</summary>
    public bool? UsesArtifactStore { get; init; }

    /// <summary>Secrets this job declared by member (the pipeline declares them when the job is added).</summary>
    internal IReadOnlyList<CiSecret> SecretDeclarations { get; init; } = [];

    /// <summary>Passes a <c>[Secret]</c> parameter to this job only, as the environment variable the parameter reads.</summary>
    public CiJob WithSecret<TBuild>(Expression<Func<TBuild, object?>> parameter) where TBuild : IPipelineBuild
    {
        var secret = MemberNames.Secret(parameter);
        return this with { Secrets = [.. Secrets, secret.Name], SecretDeclarations = [.. SecretDeclarations, secret] };
    }

    /// <summary>The job id in both files: the target name in kebab-case.</summary>
    public string Id => Pipeline.Build.Parameters.ParameterNames.ToKebabCase(Target);
}
